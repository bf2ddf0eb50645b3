/**
 * The welcome page, opened once when Keysmith is installed (src/privileged/welcome.ts) and linked
 * from the toolbar popup: what Keysmith does, what it keeps where, and how to add a token.
 */
import { render } from 'preact';
import browser from 'webextension-polyfill';
import { t } from '../../i18n/i18n.ts';
import { tx } from '../../ui/i18n-rich.tsx';
import '../pages.css';

function Welcome() {
  return (
    <main>
      <h1>
        <img src="/icons/icon-48.png" alt="" /> {t('welcomeTitle')}
      </h1>
      <section aria-labelledby="does-h">
        <h2 id="does-h">{t('welcomeDoesHeading')}</h2>
        <ul>
          <li>{tx('welcomeDoesPresets', <strong>{t('welcomeCreateApiKey')}</strong>, <strong>{t('welcomePreset')}</strong>)}</li>
          <li>{tx('welcomeDoesBulk', <strong>{t('welcomeBulk')}</strong>)}</li>
          <li>{tx('welcomeDoesInventory', <strong>{t('welcomeInventory')}</strong>, <strong>{t('welcomeLeastPrivilege')}</strong>)}</li>
        </ul>
      </section>
      <section aria-labelledby="keeps-h">
        <h2 id="keeps-h">{t('welcomeKeepsHeading')}</h2>
        <ul>
          <li>{tx('welcomeKeepsToken', <strong>{t('welcomeToken')}</strong>, <em>{t('welcomeRemember')}</em>)}</li>
          <li>{tx('welcomeKeepsKeyIds', <strong>{t('welcomeKeyIds')}</strong>)}</li>
          <li>{tx('welcomeKeepsPresets', <strong>{t('welcomePresets')}</strong>)}</li>
          <li>{t('welcomeKeepsNothingElse')}</li>
        </ul>
      </section>
      <section aria-labelledby="start-h">
        <h2 id="start-h">{t('welcomeStartHeading')}</h2>
        <ol>
          <li>{tx('welcomeStartCreate', <strong>{t('welcomeSecretsPath')}</strong>, <code>https://clarifai.com/me/settings/secrets</code>)}</li>
          <li>{t('welcomeStartPaste')}</li>
          <li>{t('welcomeStartDialog')}</li>
        </ol>
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('welcomeOpenOptions')}
        </button>
      </section>
    </main>
  );
}

document.title = t('welcomePageTitle');
render(<Welcome />, document.getElementById('app')!);
