// What the quick check is asked to check, validated (the JSON of POST /admin/api/cors/quickcheck and the
// CLI words), and the browser's rules for when a request is preflighted (Fetch "CORS-safelisted method"
// and "request-header", "forbidden request-header"). Pure. docs/cors.md "The CORS quick check".
import { err, ok, type Result } from '../../../shared/result.js';
import { isSerializedOrigin } from '../cors-rules.js';

export type CredentialsMode = 'include' | 'same-origin' | 'omit';
export const CREDENTIALS_MODES: readonly CredentialsMode[] = ['include', 'same-origin', 'omit'];

export interface RequestHeader {
  /** Lower-case name. */
  readonly name: string;
  /** The value, when one was given (it decides whether Content-Type is safelisted). */
  readonly value: string | undefined;
}

export interface QuickCheckSpec {
  readonly url: string;
  readonly origin: string;
  readonly method: string;
  readonly headers: readonly RequestHeader[];
  readonly credentials: CredentialsMode;
  readonly timeoutMs: number;
}

export const QUICKCHECK_LIMITS = { maxHeaders: 50, maxHeaderValueChars: 4096, maxUrlChars: 2048, minTimeoutMs: 100, maxTimeoutMs: 30_000 } as const;

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const NORMALIZED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'];
const FORBIDDEN_METHODS = ['CONNECT', 'TRACE', 'TRACK'];
/** Headers a page's script cannot set (Fetch "forbidden request-header"); the browser drops them. */
const FORBIDDEN_HEADERS = new Set([
  'accept-charset', 'accept-encoding', 'access-control-request-headers', 'access-control-request-method',
  'access-control-request-private-network', 'connection', 'content-length', 'cookie', 'cookie2', 'date', 'dnt',
  'expect', 'host', 'keep-alive', 'origin', 'referer', 'set-cookie', 'te', 'trailer', 'transfer-encoding',
  'upgrade', 'via',
]);

export const isForbiddenHeader = (name: string): boolean =>
  FORBIDDEN_HEADERS.has(name) || name.startsWith('proxy-') || name.startsWith('sec-');

/** Fetch: GET, HEAD and POST need no preflight. */
export const isSafelistedMethod = (m: string): boolean => m === 'GET' || m === 'HEAD' || m === 'POST';

/** Fetch "CORS-safelisted request-header" for one header (without the 1024-byte total rule). */
export function isSafelistedHeader(h: RequestHeader): boolean {
  const v = h.value;
  if (v === undefined) return h.name === 'accept' || h.name === 'accept-language' || h.name === 'content-language';
  if (v.length > 128) return false;
  switch (h.name) {
    case 'accept':
      return !/[\u0000-\u0008\u000a-\u001f"():<>?@[\\\]{}\u007f]/.test(v);
    case 'accept-language':
    case 'content-language':
      return /^[0-9A-Za-z *,\-.;=]*$/.test(v);
    case 'content-type': {
      if (/[\u0000-\u0008\u000a-\u001f"():<>?@[\\\]{}\u007f]/.test(v)) return false;
      const essence = v.split(';')[0]!.trim().toLowerCase();
      return essence === 'application/x-www-form-urlencoded' || essence === 'multipart/form-data' || essence === 'text/plain';
    }
    default:
      return false;
  }
}

/** The names a preflight lists in Access-Control-Request-Headers: unsafe ones, lower-case, sorted, unique. */
export function unsafeHeaderNames(headers: readonly RequestHeader[]): string[] {
  return [...new Set(headers.filter((h) => !isSafelistedHeader(h) && !isForbiddenHeader(h.name)).map((h) => h.name))].sort();
}

export function needsPreflight(spec: Pick<QuickCheckSpec, 'method' | 'headers'>): boolean {
  return !isSafelistedMethod(spec.method) || unsafeHeaderNames(spec.headers).length > 0;
}

/** `Name`, `Name: value` or {name, value}. */
export function parseHeaderInput(input: unknown): Result<RequestHeader> {
  let name: string;
  let value: string | undefined;
  if (typeof input === 'string') {
    const i = input.indexOf(':');
    name = (i < 0 ? input : input.slice(0, i)).trim();
    value = i < 0 ? undefined : input.slice(i + 1).trim();
  } else if (input && typeof input === 'object' && typeof (input as { name?: unknown }).name === 'string') {
    name = ((input as { name: string }).name).trim();
    const v = (input as { value?: unknown }).value;
    if (v !== undefined && typeof v !== 'string') return err('bad-header', `The value of header ${JSON.stringify(name)} must be a string.`);
    value = v;
  } else {
    return err('bad-header', 'Each header is "Name", "Name: value" or {"name", "value"}.');
  }
  if (!TOKEN.test(name)) return err('bad-header', `${JSON.stringify(name.slice(0, 100))} is not a valid header name.`);
  if (value !== undefined && (value.length > QUICKCHECK_LIMITS.maxHeaderValueChars || /[\u0000\r\n]/.test(value))) {
    return err('bad-header', `The value of header ${name} is too long or contains CR, LF or NUL.`);
  }
  return ok({ name: name.toLowerCase(), value });
}

export interface SpecInput {
  url: unknown;
  origin: unknown;
  method?: unknown;
  headers?: unknown;
  credentials?: unknown;
  timeoutMs?: unknown;
}

export function parseSpec(input: SpecInput): Result<QuickCheckSpec> {
  if (typeof input.url !== 'string' || input.url.length === 0) return err('bad-url', 'Give the URL to check, e.g. https://cuic.example.com/cuic/.');
  if (input.url.length > QUICKCHECK_LIMITS.maxUrlChars) return err('bad-url', `The URL is longer than ${QUICKCHECK_LIMITS.maxUrlChars} characters.`);
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    return err('bad-url', `${JSON.stringify(input.url.slice(0, 200))} is not a valid URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return err('bad-url', 'Only https:// and http:// URLs can be checked.');
  if (url.username || url.password) return err('bad-url', 'The URL must not carry a user name or password (give an Authorization header instead).');
  if (typeof input.origin !== 'string' || !isSerializedOrigin(input.origin)) {
    return err('bad-origin', `The origin must be what a browser sends: scheme://host[:port] in lower case, without path or default port (got ${JSON.stringify(String(input.origin).slice(0, 200))}).`);
  }
  const rawMethod = input.method === undefined ? 'GET' : input.method;
  if (typeof rawMethod !== 'string' || !TOKEN.test(rawMethod)) return err('bad-method', `${JSON.stringify(String(rawMethod).slice(0, 50))} is not an HTTP method.`);
  // Fetch "normalize a method": only these six are upper-cased (fetch(…, {method: 'patch'}) sends "patch").
  const method = NORMALIZED_METHODS.includes(rawMethod.toUpperCase()) ? rawMethod.toUpperCase() : rawMethod;
  if (FORBIDDEN_METHODS.includes(method.toUpperCase())) return err('bad-method', `Browsers refuse the method ${method}.`);
  const rawHeaders = input.headers === undefined ? [] : input.headers;
  if (!Array.isArray(rawHeaders)) return err('bad-header', 'headers is a list, e.g. ["Authorization", "Content-Type: application/json"].');
  if (rawHeaders.length > QUICKCHECK_LIMITS.maxHeaders) return err('bad-header', `At most ${QUICKCHECK_LIMITS.maxHeaders} headers.`);
  const headers: RequestHeader[] = [];
  for (const h of rawHeaders) {
    const p = parseHeaderInput(h);
    if (!p.ok) return p;
    headers.push(p.value);
  }
  const credentials = input.credentials === undefined ? 'include' : input.credentials;
  if (typeof credentials !== 'string' || !CREDENTIALS_MODES.includes(credentials as CredentialsMode)) {
    return err('bad-credentials', `credentials is one of ${CREDENTIALS_MODES.join(', ')}.`);
  }
  const timeoutMs = input.timeoutMs === undefined ? 5000 : input.timeoutMs;
  if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs < QUICKCHECK_LIMITS.minTimeoutMs || timeoutMs > QUICKCHECK_LIMITS.maxTimeoutMs) {
    return err('bad-timeout', `timeoutMs is a whole number from ${QUICKCHECK_LIMITS.minTimeoutMs} to ${QUICKCHECK_LIMITS.maxTimeoutMs}.`);
  }
  return ok({ url: url.href, origin: input.origin, method, headers, credentials: credentials as CredentialsMode, timeoutMs });
}
