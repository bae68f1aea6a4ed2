// The checks a browser applies to a preflight answer and to the actual response, in Chromium's order,
// with the text Chromium prints in the console ([pki-cors] §4.1, §4.2 observed; Fetch "CORS check",
// "CORS-preflight fetch"). Pure: responses in, findings out. docs/cors.md lists the codes.
import type { CredentialsMode, QuickCheckSpec } from './request-spec.js';
import { unsafeHeaderNames } from './request-spec.js';

export type Severity = 'error' | 'warning' | 'info';
export type Phase = 'request' | 'preflight' | 'actual';

export interface Finding {
  readonly severity: Severity;
  readonly code: string;
  readonly phase: Phase;
  readonly message: string;
  readonly hint?: string;
}

/** What the probe saw: a status and the headers (lower-case names), or a network error. */
export type ProbeOutcome =
  | { readonly ok: true; readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly durationMs: number }
  | { readonly ok: false; readonly error: string; readonly detail: string; readonly durationMs: number };

/** Chromium caps the preflight cache at two hours. */
export const CHROMIUM_MAX_AGE_CAP_S = 7200;
const PREFLIGHT_PREFIX = "Response to preflight request doesn't pass access control check: ";

export const blockedBy = (spec: Pick<QuickCheckSpec, 'url' | 'origin'>, detail: string): string =>
  `Access to fetch at '${spec.url}' from origin '${spec.origin}' has been blocked by CORS policy: ${detail}`;

const isRedirect = (s: number): boolean => s === 301 || s === 302 || s === 303 || s === 307 || s === 308;

/** Fetch "CORS check" (ACAO, then ACAC), Chromium's wording; undefined when it passes. */
export function corsCheck(headers: Readonly<Record<string, string>>, origin: string, credentials: CredentialsMode): { code: string; detail: string } | undefined {
  const acao = headers['access-control-allow-origin'];
  const include = credentials === 'include';
  if (acao === undefined) return { code: 'missing-allow-origin', detail: "No 'Access-Control-Allow-Origin' header is present on the requested resource." };
  if (acao === '*') {
    if (include) return { code: 'wildcard-with-credentials', detail: "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'." };
    return undefined;
  }
  if (acao !== origin) {
    if (/[ ,]/.test(acao)) return { code: 'multiple-allow-origin', detail: `The 'Access-Control-Allow-Origin' header contains multiple values '${acao}', but only one is allowed.` };
    if (!URL.canParse(acao) && acao !== 'null') return { code: 'invalid-allow-origin', detail: `The 'Access-Control-Allow-Origin' header contains the invalid value '${acao}'.` };
    return { code: 'allow-origin-mismatch', detail: `The 'Access-Control-Allow-Origin' header has a value '${acao}' that is not equal to the supplied origin. Have the server send the header with a valid value.` };
  }
  if (include) {
    const acac = headers['access-control-allow-credentials'] ?? '';
    if (acac !== 'true') return { code: 'invalid-allow-credentials', detail: `The value of the 'Access-Control-Allow-Credentials' header in the response is '${acac}' which must be 'true' when the request's credentials mode is 'include'.` };
  }
  return undefined;
}

const splitList = (v: string | undefined): string[] => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);

function varyHasOrigin(headers: Readonly<Record<string, string>>): boolean {
  const vary = splitList(headers.vary).map((v) => v.toLowerCase());
  return vary.includes('origin') || vary.includes('*');
}

export interface PhaseResult {
  readonly findings: Finding[];
  /** The first error, as Chromium's console prints it. */
  readonly blocked: string | undefined;
}

/** The preflight answer, as Chromium checks it (redirect, CORS check, status, method, headers) plus advice. */
export function checkPreflight(spec: QuickCheckSpec, outcome: ProbeOutcome): PhaseResult {
  const findings: Finding[] = [];
  const error = (code: string, message: string): PhaseResult => {
    findings.push({ severity: 'error', code, phase: 'preflight', message });
    return { findings, blocked: message };
  };
  if (!outcome.ok) return error('network-error', `OPTIONS ${spec.url} ${outcome.error} (${outcome.detail})`);
  const h = outcome.headers;
  if (isRedirect(outcome.status)) return error('preflight-redirect', blockedBy(spec, `${PREFLIGHT_PREFIX}Redirect is not allowed for a preflight request.`));
  const access = corsCheck(h, spec.origin, spec.credentials);
  if (access) return error(access.code, blockedBy(spec, PREFLIGHT_PREFIX + access.detail));
  if (outcome.status < 200 || outcome.status > 299) return error('preflight-status', blockedBy(spec, `${PREFLIGHT_PREFIX}It does not have HTTP ok status.`));
  const include = spec.credentials === 'include';
  const methods = splitList(h['access-control-allow-methods']);
  const methodOk = spec.method === 'GET' || spec.method === 'HEAD' || spec.method === 'POST' ||
    methods.includes(spec.method) || (!include && methods.includes('*'));
  if (!methodOk) {
    const e = error('method-not-allowed', blockedBy(spec, `Method ${spec.method} is not allowed by Access-Control-Allow-Methods in preflight response.`));
    if (include && methods.includes('*')) findings.push({ severity: 'info', code: 'wildcard-literal', phase: 'preflight', message: "With credentials, '*' in Access-Control-Allow-Methods is a literal method name, not a wildcard." });
    return e;
  }
  const allowed = splitList(h['access-control-allow-headers']).map((s) => s.toLowerCase());
  const star = allowed.includes('*');
  for (const name of unsafeHeaderNames(spec.headers)) {
    if (allowed.includes(name)) continue;
    if (star && !include) {
      if (name === 'authorization') {
        findings.push({ severity: 'warning', code: 'authorization-under-wildcard', phase: 'preflight',
          message: "Authorization is allowed only by '*' in Access-Control-Allow-Headers: Chromium accepts this, but the Fetch standard, Firefox and Safari do not.",
          hint: 'List authorization in Access-Control-Allow-Headers explicitly.' });
      }
      continue;
    }
    return error('header-not-allowed', blockedBy(spec, `Request header field ${name} is not allowed by Access-Control-Allow-Headers in preflight response.`));
  }
  const maxAge = h['access-control-max-age'];
  if (maxAge === undefined) {
    findings.push({ severity: 'info', code: 'max-age-missing', phase: 'preflight', message: 'No Access-Control-Max-Age: browsers cache this preflight for 5 seconds only, so most requests are preflighted again.' });
  } else if (!/^\d+$/.test(maxAge.trim())) {
    findings.push({ severity: 'warning', code: 'max-age-invalid', phase: 'preflight', message: `Access-Control-Max-Age '${maxAge}' is not a number of seconds; browsers use 5 seconds.` });
  } else if (Number(maxAge) > CHROMIUM_MAX_AGE_CAP_S) {
    findings.push({ severity: 'warning', code: 'max-age-capped', phase: 'preflight', message: `Access-Control-Max-Age ${maxAge} is above Chromium's cap of ${CHROMIUM_MAX_AGE_CAP_S} seconds (Firefox: 86400); Chromium caches this preflight for ${CHROMIUM_MAX_AGE_CAP_S} seconds.` });
  } else {
    findings.push({ severity: 'info', code: 'max-age', phase: 'preflight', message: `Browsers cache this preflight for ${Number(maxAge)} seconds: a change of the allow-list can take that long to show in a running browser.` });
  }
  if (h['access-control-allow-origin'] !== '*' && !varyHasOrigin(h)) {
    findings.push({ severity: 'warning', code: 'vary-missing-origin', phase: 'preflight', message: 'Access-Control-Allow-Origin names the origin but Vary does not list Origin: an HTTP cache may give this answer to another origin.' });
  }
  return { findings, blocked: undefined };
}

/** The actual response: the CORS check, plus advice (Vary, exposed headers, redirects). */
export function checkActual(spec: QuickCheckSpec, outcome: ProbeOutcome): PhaseResult {
  const findings: Finding[] = [];
  if (!outcome.ok) {
    const message = `${spec.method} ${spec.url} ${outcome.error} (${outcome.detail})`;
    findings.push({ severity: 'error', code: 'network-error', phase: 'actual', message });
    return { findings, blocked: message };
  }
  const h = outcome.headers;
  const access = corsCheck(h, spec.origin, spec.credentials);
  if (access) {
    // Chromium 156 prints no "If an opaque response serves your needs…" hint here (observed).
    const message = blockedBy(spec, access.detail);
    findings.push({ severity: 'error', code: access.code, phase: 'actual', message });
    return { findings, blocked: message };
  }
  if (isRedirect(outcome.status)) {
    findings.push({ severity: 'warning', code: 'actual-redirect', phase: 'actual', message: `The actual request is redirected (${outcome.status} to ${h.location ?? '?'}); the browser follows it and checks CORS again there, the quick check does not.` });
  }
  if (h['access-control-allow-origin'] !== '*' && !varyHasOrigin(h)) {
    findings.push({ severity: 'warning', code: 'vary-missing-origin', phase: 'actual', message: 'Access-Control-Allow-Origin names the origin but Vary does not list Origin: an HTTP cache may give this response to another origin.' });
  }
  const exposed = splitList(h['access-control-expose-headers']);
  findings.push({ severity: 'info', code: 'exposed-headers', phase: 'actual',
    message: exposed.length === 0
      ? 'Script can read only the safelisted response headers (Cache-Control, Content-Language, Content-Length, Content-Type, Expires, Last-Modified, Pragma).'
      : `Script can read the safelisted response headers and: ${exposed.join(', ')}.` });
  return { findings, blocked: undefined };
}
