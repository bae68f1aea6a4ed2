// The CORS answers of every Parley service, as pure functions ([pki-cors] §0.12, §4.1, §4.4; [decisions]
// 13, 14; docs/cors.md "What the server answers"). Given what a request says (method, Origin,
// Access-Control-Request-*) and whether its origin is allowed, `decideCors` says whether to answer at
// once (a preflight, a CUIC-style OPTIONS, a 403) or to let the handler answer with extra headers. The
// header lists are the product document's (seed 001's successful response) plus `requestid`.

/** The product document's access-control-allow-methods, in its order. */
export const DOCUMENT_ALLOW_METHODS = ['DELETE', 'POST', 'GET', 'OPTIONS', 'PUT'] as const;
/** The product document's access-control-allow-headers, plus `requestid` (Finesse clients send it). */
export const DEFAULT_ALLOW_HEADERS = [
  'referer', 'peripheralid', 'origin', 'access-control-request-method', 'locale', 'accept', 'authorization', 'domain',
  'x-requested-with', 'access-control-request-headers', 'content-type', 'access-control-request-private-network',
  'user-agent', 'requestid',
] as const;
/** The product document's access-control-expose-headers, plus `requestid` and `location`. */
export const DEFAULT_EXPOSE_HEADERS = [
  'access-control-allow-origin', 'access-control-allow-credentials', 'access-control-max-age',
  'access-control-allow-headers', 'access-control-allow-methods', 'access-control-allow-private-network',
  'requestid', 'location',
] as const;
/** The product document's `allow` header. */
export const DEFAULT_ALLOW = 'GET,POST,OPTIONS,PUT,DELETE';
/** Vary of preflight answers and of their refusals (the product document's, lower-cased). */
export const PREFLIGHT_VARY = 'origin,access-control-request-method,access-control-request-headers';
/** Vary of every other response of a CORS-managed route ([decisions] 14). */
export const ACTUAL_VARY = 'origin';

export interface CorsAnswerSettings {
  readonly maxAgeS: number;
  readonly allowPrivateNetwork: boolean;
  readonly allowMethods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
}

export function defaultAnswerSettings(overrides: Partial<CorsAnswerSettings> = {}): CorsAnswerSettings {
  return {
    maxAgeS: 600,
    allowPrivateNetwork: false,
    allowMethods: DOCUMENT_ALLOW_METHODS,
    allowHeaders: DEFAULT_ALLOW_HEADERS,
    exposeHeaders: DEFAULT_EXPOSE_HEADERS,
    ...overrides,
  };
}

/** How a request's Origin relates to a service's allow-list. */
export type OriginVerdict =
  | 'absent'       // no Origin header: not a browser's cross-origin request
  | 'same-origin'  // the listener's own origin
  | 'listed'       // on the list of an enabled service
  | 'not-listed'   // well-formed, not on the list
  | 'disabled'     // the service's CORS is disabled
  | 'malformed';   // not a serialized origin (includes `null`)

export interface OriginAccess {
  readonly enabled: boolean;
  has(origin: string): boolean;
}

/**
 * True when `origin` is exactly what a browser sends: scheme://host[:port] with a lower-case host, no
 * default port, no path. Anything else (`null`, a trailing slash, several values) is not allowed.
 */
export function isSerializedOrigin(origin: string): boolean {
  if (origin.length === 0 || origin.length > 512 || origin === 'null') return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  return url.origin === origin;
}

export function classifyOrigin(origin: string | undefined, ownOrigin: string, access: OriginAccess): OriginVerdict {
  if (origin === undefined) return 'absent';
  if (!isSerializedOrigin(origin)) return 'malformed';
  if (isSerializedOrigin(ownOrigin) ? origin === ownOrigin : origin === safeOrigin(ownOrigin)) return 'same-origin';
  if (!access.enabled) return 'disabled';
  return access.has(origin) ? 'listed' : 'not-listed';
}

function safeOrigin(u: string): string | undefined {
  try {
    return new URL(u).origin;
  } catch {
    return undefined;
  }
}

export const isAllowedVerdict = (v: OriginVerdict): boolean => v === 'absent' || v === 'same-origin' || v === 'listed';

/** What the request says that matters to CORS (header names lower-case, as Node gives them). */
export interface CorsRequestFacts {
  readonly method: string;
  readonly origin: string | undefined;
  /** Access-Control-Request-Method. */
  readonly requestMethod: string | undefined;
  /** Access-Control-Request-Private-Network. */
  readonly requestPrivateNetwork: string | undefined;
}

export type Headers = Record<string, string>;

export type CorsDecision =
  /** Answer now with this status, these headers and an empty (200) or short text (403) body. */
  | { readonly action: 'answer'; readonly kind: 'preflight' | 'options' | 'refused'; readonly status: 200 | 403; readonly headers: Headers; readonly verdict: OriginVerdict }
  /** Let the handler answer, adding these headers. */
  | { readonly action: 'continue'; readonly headers: Headers; readonly verdict: OriginVerdict };

export interface DecideOptions {
  /** The `allow` header of OPTIONS answers (the methods the route serves). */
  readonly allow?: string;
}

export function decideCors(facts: CorsRequestFacts, verdict: OriginVerdict, settings: CorsAnswerSettings, opts: DecideOptions = {}): CorsDecision {
  const isOptions = facts.method === 'OPTIONS';
  const isPreflight = isOptions && facts.origin !== undefined && facts.requestMethod !== undefined;
  if (verdict === 'absent') return { action: 'continue', headers: { vary: ACTUAL_VARY }, verdict };
  if (!isAllowedVerdict(verdict)) {
    return { action: 'answer', kind: 'refused', status: 403, headers: { vary: isPreflight ? PREFLIGHT_VARY : ACTUAL_VARY }, verdict };
  }
  const origin = facts.origin as string;
  const base: Headers = {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
  };
  if (isPreflight) {
    const headers: Headers = {
      vary: PREFLIGHT_VARY,
      ...base,
      'access-control-expose-headers': settings.exposeHeaders.join(','),
      'access-control-max-age': String(settings.maxAgeS),
      'access-control-allow-methods': settings.allowMethods.join(','),
      'access-control-allow-headers': settings.allowHeaders.join(','),
    };
    if (settings.allowPrivateNetwork && facts.requestPrivateNetwork?.trim().toLowerCase() === 'true') {
      headers['access-control-allow-private-network'] = 'true';
    }
    headers.allow = opts.allow ?? DEFAULT_ALLOW;
    return { action: 'answer', kind: 'preflight', status: 200, headers, verdict };
  }
  if (isOptions) {
    // [decisions] 13: an OPTIONS without Access-Control-Request-Method is the actual cross-origin OPTIONS
    // request (the quick-check gadget's); CUIC answers it 200 with ACAO and ACAC.
    return {
      action: 'answer', kind: 'options', status: 200, verdict,
      headers: { vary: PREFLIGHT_VARY, ...base, 'access-control-expose-headers': settings.exposeHeaders.join(','), allow: opts.allow ?? DEFAULT_ALLOW },
    };
  }
  return { action: 'continue', headers: { vary: ACTUAL_VARY, ...base, 'access-control-expose-headers': settings.exposeHeaders.join(',') }, verdict };
}
