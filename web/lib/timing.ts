// Pure timing helpers: reconnect backoff and the once-a-minute drift / latency measurement
// (product document 000: "Header : Client: <date-time>, Server: <date-time>, Drift: <drift> ms,
// Network Latency (round trip): <RTT> ms").

export interface BackoffPolicy { initialMs: number; maxMs: number; factor: number; jitter: number }
export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 30_000, factor: 2, jitter: 0.2 };

/** Delay before reconnect attempt `attempt` (0-based); `random` in [0, 1). */
export function backoffDelay(attempt: number, random: number, p: BackoffPolicy = DEFAULT_BACKOFF): number {
  const base = Math.min(p.maxMs, p.initialMs * Math.pow(p.factor, Math.max(0, attempt)));
  const spread = base * p.jitter;
  return Math.max(0, Math.round(base - spread + 2 * spread * random));
}

export interface DriftSample {
  /** Client clock when the request left and when the answer came back (epoch ms). */
  sentAt: number;
  receivedAt: number;
  /** SystemInfo currentTimestamp (epoch ms). */
  serverTime: number;
}

export interface DriftResult {
  /** Client minus server at the moment the server answered (positive: the client is ahead). */
  driftMs: number;
  latencyMs: number;
  clientTime: number;
  serverTime: number;
}

export function measureDrift(s: DriftSample): DriftResult {
  const latencyMs = Math.max(0, s.receivedAt - s.sentAt);
  const clientAtServer = s.sentAt + latencyMs / 2;
  return { driftMs: Math.round(clientAtServer - s.serverTime), latencyMs, clientTime: s.receivedAt, serverTime: s.serverTime };
}

/** The product document's line, with ISO 8601 UTC date-times. */
export function driftLine(r: DriftResult): string {
  return `Header : Client: ${new Date(r.clientTime).toISOString()}, Server: ${new Date(r.serverTime).toISOString()}, Drift: ${r.driftMs} ms, Network Latency (round trip): ${r.latencyMs} ms`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2): string => String(Math.abs(n)).padStart(w, '0');
const offsetText = (minutes: number, colon: boolean): string =>
  `${minutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(minutes) / 60))}${colon ? ':' : ''}${pad(Math.abs(minutes) % 60)}`;

/** `2019-01-11T12:24:14.586 -05:00` in the zone `offsetMinutes` east of UTC. */
export function clientStamp(epochMs: number, offsetMinutes: number): string {
  const d = new Date(epochMs + offsetMinutes * 60_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)} ${offsetText(offsetMinutes, true)}`;
}

/** `Jan 11 2019 11:24:14.577 -0600` in the zone `offsetMinutes` east of UTC. */
export function serverStamp(epochMs: number, offsetMinutes: number): string {
  const d = new Date(epochMs + offsetMinutes * 60_000);
  return `${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)} ${offsetText(offsetMinutes, false)}`;
}
