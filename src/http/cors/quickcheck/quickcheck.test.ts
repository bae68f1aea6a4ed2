// The quick check with a scripted network: each misconfiguration gives Chromium's console text, the
// right phase and verdict; input is validated.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../shared/clock.js';
import type { ProbeOutcome } from './browser-checks.js';
import type { ProbeRequest } from './http-probe.js';
import { runQuickCheck } from './quickcheck.js';
import { needsPreflight, parseSpec, unsafeHeaderNames, type QuickCheckSpec } from './request-spec.js';
import { resolveInput } from './targets.js';
import { parseQuickCheckArgs } from '../cors-commands.js';

const URL_ = 'https://cuic.example.com/cuic/';
const ORIGIN = 'https://finessep.uccelab.tac:8445';
const GOOD: Record<string, string> = {
  'access-control-allow-origin': ORIGIN, 'access-control-allow-credentials': 'true', 'access-control-max-age': '600',
  'access-control-allow-methods': 'DELETE,POST,GET,OPTIONS,PUT', 'access-control-allow-headers': 'authorization,content-type',
  vary: 'origin,access-control-request-method,access-control-request-headers',
};
const spec = (over: Partial<QuickCheckSpec> = {}): QuickCheckSpec => ({
  url: URL_, origin: ORIGIN, method: 'PUT', headers: [{ name: 'authorization', value: undefined }], credentials: 'include', timeoutMs: 1000, ...over,
});
const ok = (status: number, headers: Record<string, string>): ProbeOutcome => ({ ok: true, status, headers, durationMs: 1 });

async function check(s: QuickCheckSpec, preflight: ProbeOutcome, actual: ProbeOutcome = ok(200, { 'access-control-allow-origin': ORIGIN, 'access-control-allow-credentials': 'true', vary: 'origin' })) {
  const sent: ProbeRequest[] = [];
  const r = await runQuickCheck(s, {
    clock: new ManualClock(0),
    probe: async (req) => { sent.push(req); return req.method === 'OPTIONS' && req.headers['access-control-request-method'] ? preflight : actual; },
  });
  return { r, sent };
}

const blocked = (detail: string) => `Access to fetch at '${URL_}' from origin '${ORIGIN}' has been blocked by CORS policy: ${detail}`;
const PRE = "Response to preflight request doesn't pass access control check: ";

describe('quick check verdicts', () => {
  it('passes the product document\'s successful answer, with one preflight and one actual request', async () => {
    const { r, sent } = await check(spec(), ok(200, GOOD));
    assert.equal(r.verdict, 'pass', JSON.stringify(r.findings));
    assert.equal(r.consoleMessage, null);
    assert.equal(sent.length, 2);
    assert.equal(sent[0]!.headers['access-control-request-headers'], 'authorization');
    assert.equal(sent[0]!.headers.origin, ORIGIN);
    assert.equal(sent[1]!.headers.authorization, undefined, 'a header without a value is not sent');
  });

  const rows: [string, Partial<QuickCheckSpec>, ProbeOutcome, string, string][] = [
    ['403 without ACAO', {}, ok(403, {}), 'missing-allow-origin', blocked(`${PRE}No 'Access-Control-Allow-Origin' header is present on the requested resource.`)],
    ['ACAO * with credentials', {}, ok(200, { ...GOOD, 'access-control-allow-origin': '*' }), 'wildcard-with-credentials', blocked(`${PRE}The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.`)],
    ['ACAO with a trailing slash', {}, ok(200, { ...GOOD, 'access-control-allow-origin': `${ORIGIN}/` }), 'allow-origin-mismatch', blocked(`${PRE}The 'Access-Control-Allow-Origin' header has a value '${ORIGIN}/' that is not equal to the supplied origin. Have the server send the header with a valid value.`)],
    ['ACAO of two origins', {}, ok(200, { ...GOOD, 'access-control-allow-origin': `${ORIGIN}, https://x.example` }), 'multiple-allow-origin', blocked(`${PRE}The 'Access-Control-Allow-Origin' header contains multiple values '${ORIGIN}, https://x.example', but only one is allowed.`)],
    ['ACAC True', {}, ok(200, { ...GOOD, 'access-control-allow-credentials': 'True' }), 'invalid-allow-credentials', blocked(`${PRE}The value of the 'Access-Control-Allow-Credentials' header in the response is 'True' which must be 'true' when the request's credentials mode is 'include'.`)],
    ['ACAC missing', {}, ok(200, { ...GOOD, 'access-control-allow-credentials': undefined as never }), 'invalid-allow-credentials', blocked(`${PRE}The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'.`)],
    ['403 with a correct ACAO', {}, ok(403, GOOD), 'preflight-status', blocked(`${PRE}It does not have HTTP ok status.`)],
    ['a 307 preflight', {}, ok(307, { location: 'https://elsewhere/' }), 'preflight-redirect', blocked(`${PRE}Redirect is not allowed for a preflight request.`)],
    ['PATCH not listed', { method: 'PATCH' }, ok(200, GOOD), 'method-not-allowed', blocked('Method PATCH is not allowed by Access-Control-Allow-Methods in preflight response.')],
    ['ACAM * with credentials', {}, ok(200, { ...GOOD, 'access-control-allow-methods': '*' }), 'method-not-allowed', blocked('Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.')],
    ['a header not listed', { headers: [{ name: 'x-custom', value: '1' }] }, ok(200, GOOD), 'header-not-allowed', blocked('Request header field x-custom is not allowed by Access-Control-Allow-Headers in preflight response.')],
    ['ACAH * with credentials', {}, ok(200, { ...GOOD, 'access-control-allow-headers': '*' }), 'header-not-allowed', blocked('Request header field authorization is not allowed by Access-Control-Allow-Headers in preflight response.')],
  ];
  for (const [name, over, preflight, code, message] of rows) {
    it(`fails on ${name} with Chromium's words`, async () => {
      const { r, sent } = await check(spec(over), preflight);
      assert.equal(r.verdict, 'fail');
      assert.equal(r.consoleMessage, message);
      assert.equal(r.findings.find((f) => f.severity === 'error')?.code, code);
      assert.equal(sent.length, 1, 'no actual request after a failed preflight');
      assert.equal(r.actual.sent, false);
    });
  }

  it('warns (not fails) on Authorization covered only by * without credentials, on max-age above 7200 and on Vary without Origin', async () => {
    const { r } = await check(spec({ credentials: 'omit' }), ok(200, { ...GOOD, 'access-control-allow-headers': '*', 'access-control-max-age': '86400', vary: 'accept' }));
    assert.equal(r.verdict, 'warn');
    const codes = r.findings.map((f) => f.code);
    for (const c of ['authorization-under-wildcard', 'max-age-capped', 'vary-missing-origin']) assert.ok(codes.includes(c), c);
  });

  it('fails on the actual response without ACAO (Chromium 156 adds no opaque-response hint)', async () => {
    const { r } = await check(spec({ method: 'GET', headers: [] }), ok(200, GOOD), ok(200, {}));
    assert.equal(r.preflight.sent, false);
    assert.equal(r.consoleMessage, blocked("No 'Access-Control-Allow-Origin' header is present on the requested resource."));
  });

  it('reports a network failure with Chromium\'s net:: name', async () => {
    const { r } = await check(spec(), { ok: false, error: 'net::ERR_CONNECTION_REFUSED', detail: 'connect ECONNREFUSED', durationMs: 1 });
    assert.equal(r.verdict, 'fail');
    assert.match(r.consoleMessage ?? '', /net::ERR_CONNECTION_REFUSED/);
  });

  it('knows when a browser preflights', () => {
    assert.equal(needsPreflight({ method: 'GET', headers: [] }), false);
    assert.equal(needsPreflight({ method: 'POST', headers: [{ name: 'content-type', value: 'text/plain' }] }), false);
    assert.equal(needsPreflight({ method: 'POST', headers: [{ name: 'content-type', value: 'application/json' }] }), true);
    assert.equal(needsPreflight({ method: 'OPTIONS', headers: [] }), true);
    assert.deepEqual(unsafeHeaderNames([{ name: 'x-b', value: '1' }, { name: 'authorization', value: undefined }, { name: 'x-b', value: '2' }, { name: 'origin', value: 'x' }]), ['authorization', 'x-b']);
  });
});

describe('quick check input', () => {
  const node = { fqdn: 'parley.example.com', ports: { https: 8445, notification: 7443, livedata: 12015 } };
  const bad: [Record<string, unknown>, RegExp][] = [
    [{}, /either "url" or "service"/],
    [{ url: URL_, service: 'livedata' }, /either/],
    [{ service: 'crm' }, /not a service/],
    [{ service: 'livedata', host: 'evil host' }, /not a host/],
    [{ service: 'livedata', port: 70000 }, /not a port/],
    [{ url: 'ftp://x.example/' }, /Only https/],
    [{ url: 'not a url' }, /not a valid URL/],
    [{ url: 'https://u:p@x.example/' }, /user name/],
    [{ url: URL_, origin: 'https://x.example/' }, /what a browser sends/],
    [{ url: URL_, origin: 'null' }, /what a browser sends/],
    [{ url: URL_, method: 'GET /x' }, /not an HTTP method/],
    [{ url: URL_, method: 'TRACE' }, /refuse/],
    [{ url: URL_, headers: 'Authorization' }, /is a list/],
    [{ url: URL_, headers: ['X-A: 1\r\nX-B: 2'] }, /CR, LF/],
    [{ url: URL_, headers: ['bad name'] }, /not a valid header name/],
    [{ url: URL_, headers: Array.from({ length: 51 }, (_, i) => `x-${i}`) }, /At most 50/],
    [{ url: URL_, credentials: 'always' }, /credentials is one of/],
    [{ url: URL_, timeoutMs: 10 }, /timeoutMs/],
    [{ url: 'https://x.example/' + 'a'.repeat(3000) }, /longer than/],
  ];
  for (const [input, message] of bad) {
    it(`refuses ${JSON.stringify(input).slice(0, 80)}`, () => {
      const r = resolveInput(input, node);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.text ?? '', message);
    });
  }
  it('resolves Parley services as the gadget\'s drop-down does', () => {
    const r = resolveInput({ service: 'cuic', host: 'cuicsub.uccelab.tac' }, node);
    assert.ok(r.ok);
    assert.equal(r.value.spec.url, 'https://cuicsub.uccelab.tac:12015/');
    assert.equal(r.value.spec.origin, 'https://parley.example.com:8445');
    const b = resolveInput({ service: 'notification' }, node);
    assert.ok(b.ok);
    assert.deepEqual([b.value.spec.url, b.value.spec.method, b.value.spec.headers[0]?.name], ['https://parley.example.com:7443/http-bind', 'POST', 'content-type']);
  });
  it('normalizes methods as fetch does', () => {
    const put = parseSpec({ url: URL_, origin: ORIGIN, method: 'put' });
    const patch = parseSpec({ url: URL_, origin: ORIGIN, method: 'patch' });
    assert.ok(put.ok && patch.ok);
    assert.equal(put.value.method, 'PUT');
    assert.equal(patch.value.method, 'patch');
  });
  it('parses the CLI words', () => {
    assert.deepEqual(parseQuickCheckArgs(['livedata', '--origin', ORIGIN, '--header', 'Authorization', '--header=X-A: 1', '--method', 'PUT', '--json']),
      { input: { service: 'livedata', origin: ORIGIN, headers: ['Authorization', 'X-A: 1'], method: 'PUT' }, json: true });
    assert.match(String(parseQuickCheckArgs([])), /Give the URL/);
    assert.match(String(parseQuickCheckArgs(['x', '--origin'])), /needs a value/);
    assert.match(String(parseQuickCheckArgs(['x', '--bogus'])), /Unknown option/);
    assert.match(String(parseQuickCheckArgs(['a', 'b'])), /One target only/);
  });
});
