/**
 * What Keysmith's own job history says it made: for each app of each job, the description and
 * scopes it asked for and when the job began (the history keeps no key ids; see keysmithMatch in
 * src/pure/inventory/audit.ts for what this can and cannot prove).
 */
import { useEffect, useState } from 'preact/hooks';
import { call } from '../../messaging/call.ts';
import type { KeysmithRecord } from '../../pure/inventory/audit.ts';

export function useKeysmithRecords(): KeysmithRecord[] {
  const [records, setRecords] = useState<KeysmithRecord[]>([]);
  useEffect(() => {
    void (async () => {
      const out: KeysmithRecord[] = [];
      for (const job of await call({ op: 'listJobs' })) {
        const r = await call({ op: 'getJobResults', jobId: job.id }).catch(() => null);
        if (!r) continue;
        for (const row of r.rows)
          if (row.status === 'created')
            out.push({ owner: row.owner, appId: row.appId, description: row.description, scopes: r.plan.scopes, createdAt: r.plan.createdAt });
      }
      setRecords(out);
    })().catch(() => {}); // without its history, the inventory only lacks the "made by Keysmith" flag
  }, []);
  return records;
}
