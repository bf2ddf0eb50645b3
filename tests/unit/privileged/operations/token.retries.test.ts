/**
 * Saving a token rides out a passing fault: a throttled answer to its verification (the person's
 * earlier requests may have filled Clarifai's second) or a 5xx is tried again, briefly, so the
 * token is kept; a wrong token is not tried again.
 */
import { expect, it } from 'vitest';
import { handlers } from '../../../../src/privileged/operations.ts';
import { SANDBOX_PAT } from '../../../../sandbox/state.ts';
import { useWorkerSandbox } from '../../support/worker-sandbox.ts';

const page = { caller: 'page' as const };
const world = useWorkerSandbox();

const throttled = () => new Response(JSON.stringify({ status: { code: 11005, description: 'Making too many requests' } }), { status: 429 });
const unavailable = () => new Response('<html>Bad gateway</html>', { status: 502 });

function verifying(faults: (() => Response)[]) {
  const sent: string[] = [];
  world().stub({
    intercept: (url) => {
      sent.push(url.pathname);
      return url.pathname === '/v2/users/me' || url.pathname.startsWith('/v2/users/me/myscopes') ? faults.shift()?.() : undefined;
    },
  });
  return sent;
}

it('keeps the token through a throttled answer and a 5xx during its verification', async () => {
  const sent = verifying([throttled, unavailable]);
  const r = await handlers.setPat({ op: 'setPat', pat: SANDBOX_PAT }, page);
  expect(r.hasToken).toBe(true);
  expect(sent.filter((p) => p === '/v2/users/me').length).toBeGreaterThanOrEqual(2);
}, 20_000);

it('does not try a wrong token again', async () => {
  const sent = verifying([]);
  await expect(handlers.setPat({ op: 'setPat', pat: 'wrong'.padEnd(32, 'x') }, page)).rejects.toThrow();
  expect(sent.filter((p) => p === '/v2/users/me')).toHaveLength(1);
});
