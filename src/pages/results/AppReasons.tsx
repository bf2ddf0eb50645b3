import type { LeftOutApp } from '../../pure/protocol/jobs.ts';
import { t } from '../../i18n/i18n.ts';

/** Apps named with why, e.g. those a job left out. */
export function AppReasons({ apps }: { apps: LeftOutApp[] }) {
  return (
    <ul>
      {apps.map((l) => (
        <li>{t('resAppReason', `${l.owner}/${l.appId}`, l.reason)}</li>
      ))}
    </ul>
  );
}
