/**
 * Clarifai's per-user rate limit: at most `switches.rateLimitPerSecond` requests in any rolling second per
 * authenticated user, whichever token they use. Only admitted requests count, so a client that keeps
 * retrying too fast is throttled but never locked out for good.
 */
import type { Sandbox } from './state.ts';

/** Records the request and returns true if it is within the limit; false means answer 11005. */
export function admit(sb: Sandbox, userId: string, nowMs: number): boolean {
  const limit = sb.switches.rateLimitPerSecond;
  if (limit <= 0) return true;
  const recent = (sb.rateWindows.get(userId) ?? []).filter((t) => t > nowMs - 1000);
  const ok = recent.length < limit;
  if (ok) recent.push(nowMs);
  sb.rateWindows.set(userId, recent);
  return ok;
}

export function throttledDetails(sb: Sandbox): string {
  return `exceeded limit of ${sb.switches.rateLimitPerSecond} requests per second`;
}
