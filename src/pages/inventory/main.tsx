/** The key inventory page's entry: the page itself is ./Page.tsx. */
import { render } from 'preact';
import '../pages.css';
import { Page } from './Page.tsx';

render(<Page />, document.getElementById('app')!);
