import type { LeftOutApp } from '../../pure/protocol/jobs.ts';

/** Apps named with why, e.g. those a job left out. */
export function AppReasons({ apps }: { apps: LeftOutApp[] }) {
  return (
    <ul>
      {apps.map((l) => (
        <li>
          {l.owner}/{l.appId}: {l.reason}
        </li>
      ))}
    </ul>
  );
}
