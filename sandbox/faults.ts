/**
 * Runtime faults (see Faults in state.ts). Decisions come from the sandbox's fault PRNG; every request
 * draws the same three numbers whatever the rates, so changing one rate does not shift the others.
 */
import type { Socket } from 'node:net';
import type { Sandbox } from './state.ts';
import { Code, type StatusCode } from './status.ts';

export interface FaultRoll {
  throttle: boolean;
  error: boolean;
  drop: boolean;
}

export function rollFaults(sb: Sandbox): FaultRoll {
  const [t, e, d] = [sb.faultRng.next(), sb.faultRng.next(), sb.faultRng.next()];
  return { throttle: t < sb.faults.throttleRate, error: e < sb.faults.errorRate, drop: d < sb.faults.dropAfterCommitRate };
}

/** A transient failure: a Clarifai status with its HTTP code, or (code undefined) a bare gateway 502. */
export interface Transient {
  code?: StatusCode;
  http: number;
  details?: string;
}

const ROTATION: readonly Transient[] = [
  { code: Code.TRY_AGAIN, http: 503, details: 'injected fault: try again' },
  { code: Code.RPC_SERVER_UNAVAILABLE, http: 503, details: 'injected fault: server unavailable' },
  { code: Code.RPC_REQUEST_TIMEOUT, http: 504, details: 'injected fault: request timeout' },
  { http: 502 },
];

export function nextTransient(sb: Sandbox): Transient {
  const t = ROTATION[sb.transientIndex % ROTATION.length] ?? { http: 502 };
  sb.transientIndex++;
  return t;
}

/** What a load balancer in front of the API answers: HTML, no status, no request id. */
export const BAD_GATEWAY_HTML =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';

const served = new WeakMap<Socket, number>();

/**
 * Counts a request on its connection and returns its position (1 = the connection's first request).
 * A drop-after-commit may only hit position 1: a browser re-sends a POST by itself when a *reused*
 * keep-alive connection closes before the answer, which would hide the fault from the extension.
 */
export function countOnConnection(socket: Socket): number {
  const n = (served.get(socket) ?? 0) + 1;
  served.set(socket, n);
  return n;
}
