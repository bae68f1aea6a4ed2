// One HTTP(S) request of the quick check: never follows redirects, trusts Parley's local CA and the
// system's roots, reads at most a little of the body, gives up after a timeout, and names network
// failures as Chromium does (net::ERR_…).
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import type { ProbeOutcome } from './browser-checks.js';

export interface ProbeRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

export type Probe = (r: ProbeRequest) => Promise<ProbeOutcome>;

/** Largest response body read (and thrown away) before the connection is closed. */
const MAX_BODY_BYTES = 64 * 1024;

const NET_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'net::ERR_CONNECTION_REFUSED',
  ECONNRESET: 'net::ERR_CONNECTION_RESET',
  ENOTFOUND: 'net::ERR_NAME_NOT_RESOLVED',
  EAI_AGAIN: 'net::ERR_NAME_NOT_RESOLVED',
  ETIMEDOUT: 'net::ERR_TIMED_OUT',
  EHOSTUNREACH: 'net::ERR_ADDRESS_UNREACHABLE',
  ENETUNREACH: 'net::ERR_ADDRESS_UNREACHABLE',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'net::ERR_CERT_AUTHORITY_INVALID',
  UNABLE_TO_GET_ISSUER_CERT: 'net::ERR_CERT_AUTHORITY_INVALID',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'net::ERR_CERT_AUTHORITY_INVALID',
  SELF_SIGNED_CERT_IN_CHAIN: 'net::ERR_CERT_AUTHORITY_INVALID',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'net::ERR_CERT_AUTHORITY_INVALID',
  ERR_TLS_CERT_ALTNAME_INVALID: 'net::ERR_CERT_COMMON_NAME_INVALID',
  CERT_HAS_EXPIRED: 'net::ERR_CERT_DATE_INVALID',
  CERT_NOT_YET_VALID: 'net::ERR_CERT_DATE_INVALID',
  EPROTO: 'net::ERR_SSL_PROTOCOL_ERROR',
  HPE_INVALID_CONSTANT: 'net::ERR_INVALID_HTTP_RESPONSE',
  HPE_HEADER_OVERFLOW: 'net::ERR_RESPONSE_HEADERS_TOO_BIG',
};

export function netErrorName(e: { code?: string; message?: string }): string {
  if (e.code && NET_ERRORS[e.code]) return NET_ERRORS[e.code]!;
  if (e.code?.startsWith('ERR_SSL') || /SSL|TLS/i.test(e.message ?? '')) return 'net::ERR_SSL_PROTOCOL_ERROR';
  if (e.code?.startsWith('HPE_')) return 'net::ERR_INVALID_HTTP_RESPONSE';
  return 'net::ERR_FAILED';
}

/** A probe that trusts `extraCa` (PEM, Parley's local CA) besides the system's roots. */
export function createHttpProbe(opts: { extraCa?: string; now?: () => number } = {}): Probe {
  const ca = opts.extraCa ? [...rootCertificates, opts.extraCa] : [...rootCertificates];
  const now = opts.now ?? (() => performance.now());
  return (r) => new Promise<ProbeOutcome>((resolve) => {
    const started = now();
    const url = new URL(r.url);
    const secure = url.protocol === 'https:';
    const host = url.hostname.replace(/^\[|\]$/g, '');
    let settled = false;
    const finish = (o: ProbeOutcome): void => {
      if (settled) return;
      settled = true;
      resolve(o);
    };
    const fail = (e: { code?: string; message?: string }): void =>
      finish({ ok: false, error: netErrorName(e), detail: String(e.message ?? e.code ?? 'failed').slice(0, 300), durationMs: Math.round(now() - started) });
    const options = {
      method: r.method,
      headers: r.headers,
      timeout: r.timeoutMs,
      agent: false as const,
      ...(secure ? { ca, ...(isIP(host) ? {} : { servername: host }) } : {}),
    };
    const req = (secure ? httpsRequest : httpRequest)(url, options, (res) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) {
        if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      }
      finish({ ok: true, status: res.statusCode ?? 0, headers, durationMs: Math.round(now() - started) });
      let read = 0;
      res.on('data', (c: Buffer) => {
        read += c.length;
        if (read > MAX_BODY_BYTES) res.destroy();
      });
      res.on('error', () => {});
      res.on('end', () => req.destroy());
    });
    const timer = setTimeout(() => {
      req.destroy();
      fail({ code: 'ETIMEDOUT', message: `no answer within ${r.timeoutMs} ms` });
    }, r.timeoutMs);
    timer.unref();
    req.on('timeout', () => {
      req.destroy();
      fail({ code: 'ETIMEDOUT', message: `no answer within ${r.timeoutMs} ms` });
    });
    req.on('error', (e: Error & { code?: string }) => fail(e));
    req.on('close', () => clearTimeout(timer));
    req.end();
  });
}
