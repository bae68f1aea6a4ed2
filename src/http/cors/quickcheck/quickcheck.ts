// The CORS quick check: sends what a browser would send (the preflight when one is needed, then the
// actual request) and explains every failure in Chromium's console words. The result is the JSON of
// POST /admin/api/cors/quickcheck (docs/cors.md), also printed by `utils cors quickcheck`.
import type { Clock } from '../../../shared/clock.js';
import { checkActual, checkPreflight, type Finding, type ProbeOutcome } from './browser-checks.js';
import type { Probe } from './http-probe.js';
import { isForbiddenHeader, needsPreflight, unsafeHeaderNames, type QuickCheckSpec } from './request-spec.js';

export type Verdict = 'pass' | 'warn' | 'fail';

export type ProbeReport =
  | { readonly sent: false; readonly reason: string }
  | {
    readonly sent: true;
    readonly status: number | null;
    readonly location: string | null;
    readonly headers: Record<string, string>;
    readonly error: string | null;
    readonly durationMs: number;
  };

export interface QuickCheckResult {
  readonly verdict: Verdict;
  readonly summary: string;
  readonly consoleMessage: string | null;
  readonly request: {
    readonly url: string;
    readonly origin: string;
    readonly method: string;
    readonly headers: string[];
    readonly credentials: string;
    readonly preflightNeeded: boolean;
  };
  readonly preflight: ProbeReport;
  readonly actual: ProbeReport;
  readonly findings: Finding[];
  readonly checkedAt: string;
}

/** Advice appended to findings, e.g. the Parley command that fixes a missing origin. */
export type HintFor = (finding: Finding, spec: QuickCheckSpec) => string | undefined;

const USER_AGENT = 'Parley-CORS-QuickCheck/1';
const SHOWN_HEADERS = /^(access-control-|vary$|allow$|location$)/;

function report(o: ProbeOutcome): ProbeReport {
  if (!o.ok) return { sent: true, status: null, location: null, headers: {}, error: `${o.error} (${o.detail})`, durationMs: o.durationMs };
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.headers)) if (SHOWN_HEADERS.test(k)) headers[k] = v;
  return { sent: true, status: o.status, location: o.headers.location ?? null, headers, error: null, durationMs: o.durationMs };
}

function sameOrigin(url: string, origin: string): boolean {
  return new URL(url).origin === origin;
}

export async function runQuickCheck(spec: QuickCheckSpec, deps: { probe: Probe; clock: Clock; hint?: HintFor }): Promise<QuickCheckResult> {
  const findings: Finding[] = [];
  const preflightNeeded = needsPreflight(spec);
  const unsafe = unsafeHeaderNames(spec.headers);
  for (const h of spec.headers) {
    if (isForbiddenHeader(h.name)) {
      findings.push({ severity: 'warning', code: 'forbidden-header', phase: 'request', message: `A page cannot set the ${h.name} header (a forbidden request header): the browser drops it. It was left out.` });
    }
  }
  const request = {
    url: spec.url, origin: spec.origin, method: spec.method,
    headers: spec.headers.filter((h) => !isForbiddenHeader(h.name)).map((h) => h.name),
    credentials: spec.credentials, preflightNeeded,
  };
  let preflight: ProbeReport = { sent: false, reason: preflightNeeded ? 'not sent' : `${spec.method} without non-safelisted headers is a simple request: browsers send no preflight.` };
  let actual: ProbeReport = { sent: false, reason: 'the preflight failed, so a browser would not send it' };
  let blocked: string | undefined;

  if (sameOrigin(spec.url, spec.origin)) {
    findings.push({ severity: 'info', code: 'same-origin', phase: 'request', message: `${spec.origin} is the target's own origin: this is a same-origin request, CORS does not apply.` });
    preflight = { sent: false, reason: 'same-origin request' };
  } else if (preflightNeeded) {
    const headers: Record<string, string> = {
      accept: '*/*', origin: spec.origin, 'access-control-request-method': spec.method,
      'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty', 'user-agent': USER_AGENT,
    };
    if (unsafe.length > 0) headers['access-control-request-headers'] = unsafe.join(',');
    const outcome = await deps.probe({ url: spec.url, method: 'OPTIONS', headers, timeoutMs: spec.timeoutMs });
    preflight = report(outcome);
    const r = checkPreflight(spec, outcome);
    findings.push(...r.findings);
    blocked = r.blocked;
  } else {
    findings.push({ severity: 'info', code: 'no-preflight-needed', phase: 'request', message: (preflight as { reason: string }).reason });
  }

  if (blocked === undefined) {
    const headers: Record<string, string> = { accept: '*/*', 'user-agent': USER_AGENT, 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty' };
    if (!sameOrigin(spec.url, spec.origin) || spec.method !== 'GET') headers.origin = spec.origin;
    // Headers given without a value matter only to the preflight; they are not sent (a made-up
    // Authorization would count as a failed sign-in on the target).
    for (const h of spec.headers) if (h.value !== undefined && !isForbiddenHeader(h.name)) headers[h.name] = h.value;
    const outcome = await deps.probe({ url: spec.url, method: spec.method, headers, timeoutMs: spec.timeoutMs });
    actual = report(outcome);
    if (!sameOrigin(spec.url, spec.origin)) {
      const r = checkActual(spec, outcome);
      findings.push(...r.findings);
      blocked = r.blocked;
    } else if (!outcome.ok) {
      blocked = `${spec.method} ${spec.url} ${outcome.error} (${outcome.detail})`;
      findings.push({ severity: 'error', code: 'network-error', phase: 'actual', message: blocked });
    }
  }

  const withHints = findings.map((f) => {
    const hint = f.hint ?? deps.hint?.(f, spec);
    return hint === undefined ? f : { ...f, hint };
  });
  const verdict: Verdict = blocked !== undefined ? 'fail' : withHints.some((f) => f.severity === 'warning') ? 'warn' : 'pass';
  const firstError = withHints.find((f) => f.severity === 'error');
  const summary = verdict === 'fail'
    ? `The browser blocks this request (${firstError?.code ?? 'error'} in the ${firstError?.phase ?? 'request'}).`
    : verdict === 'warn'
      ? 'The browser lets the page read the response, with warnings.'
      : 'The browser lets the page read the response.';
  return {
    verdict, summary, consoleMessage: blocked ?? null, request, preflight, actual, findings: withHints,
    checkedAt: new Date(deps.clock.now()).toISOString(),
  };
}


