/** The key inventory page's entry: the page itself is ./Page.tsx. */
import { render } from 'preact';
import '../pages.css';
import { Page } from './Page.tsx';
import { t } from '../../i18n/i18n.ts';

document.title = t('invPageTitle');
render(<Page />, document.getElementById('app')!);
