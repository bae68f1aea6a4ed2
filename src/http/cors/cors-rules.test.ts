// The pure CORS decisions, one row per case of docs/cors.md "What the server answers".
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyOrigin, decideCors, defaultAnswerSettings, isSerializedOrigin, PREFLIGHT_VARY, type OriginVerdict } from './cors-rules.js';

const OWN = 'https://parley.example.com:8445';
const LISTED = 'https://finessep.uccelab.tac:8445';
const access = (enabled: boolean, list: string[] = [LISTED]) => ({ enabled, has: (o: string) => list.includes(o) });

describe('classifyOrigin', () => {
  const rows: [string | undefined, boolean, OriginVerdict][] = [
    [undefined, true, 'absent'],
    [OWN, false, 'same-origin'],
    [LISTED, true, 'listed'],
    [LISTED, false, 'disabled'],
    ['https://finessep.uccelab.tac', true, 'not-listed'],
    ['https://finessep.uccelab.tac:8445/', true, 'malformed'],
    ['https://FINESSEP.uccelab.tac:8445', true, 'malformed'],
    ['https://finessep.uccelab.tac:443', true, 'malformed'],
    ['null', true, 'malformed'],
    ['', true, 'malformed'],
    [`${LISTED}, https://evil.example`, true, 'malformed'],
    ['file://', true, 'malformed'],
    ['x'.repeat(600), true, 'malformed'],
  ];
  for (const [origin, enabled, expected] of rows) {
    it(`${JSON.stringify(origin)?.slice(0, 60)} (enabled ${enabled}) → ${expected}`, () => {
      assert.equal(classifyOrigin(origin, OWN, access(enabled)), expected);
    });
  }
  it('isSerializedOrigin accepts only what a browser sends', () => {
    assert.equal(isSerializedOrigin('https://xn--bcher-kva.example'), true);
    assert.equal(isSerializedOrigin('https://bücher.example'), false);
    assert.equal(isSerializedOrigin('http://[::1]:8080'), true);
  });
});

describe('decideCors', () => {
  const s = defaultAnswerSettings();
  const facts = (method: string, origin: string | undefined, acrm?: string, pna?: string) =>
    ({ method, origin, requestMethod: acrm, requestPrivateNetwork: pna });

  it('answers an allowed preflight exactly like the product document', () => {
    const d = decideCors(facts('OPTIONS', LISTED, 'PUT'), 'listed', s);
    assert.equal(d.action, 'answer');
    assert.equal(d.status, 200);
    assert.deepEqual(d.headers, {
      vary: 'origin,access-control-request-method,access-control-request-headers',
      'access-control-allow-origin': LISTED,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'access-control-allow-origin,access-control-allow-credentials,access-control-max-age,access-control-allow-headers,access-control-allow-methods,access-control-allow-private-network,requestid,location',
      'access-control-max-age': '600',
      'access-control-allow-methods': 'DELETE,POST,GET,OPTIONS,PUT',
      'access-control-allow-headers': 'referer,peripheralid,origin,access-control-request-method,locale,accept,authorization,domain,x-requested-with,access-control-request-headers,content-type,access-control-request-private-network,user-agent,requestid',
      allow: 'GET,POST,OPTIONS,PUT,DELETE',
    });
  });
  it('refuses a preflight from an origin not allowed with 403 and only Vary', () => {
    for (const v of ['not-listed', 'disabled', 'malformed'] as const) {
      const d = decideCors(facts('OPTIONS', 'https://evil.example', 'GET'), v, s);
      assert.deepEqual([d.action, d.action === 'answer' && d.status, d.headers], ['answer', 403, { vary: PREFLIGHT_VARY }], v);
    }
  });
  it('answers an allowed OPTIONS without Access-Control-Request-Method with 200, ACAO and ACAC ([decisions] 13)', () => {
    const d = decideCors(facts('OPTIONS', LISTED), 'listed', s);
    assert.equal(d.action === 'answer' && d.kind, 'options');
    assert.equal(d.headers['access-control-allow-origin'], LISTED);
    assert.equal(d.headers['access-control-allow-credentials'], 'true');
    assert.equal(d.headers['access-control-max-age'], undefined, 'not a preflight');
  });
  it('lets requests without Origin through with Vary: origin', () => {
    assert.deepEqual(decideCors(facts('OPTIONS', undefined, 'GET'), 'absent', s), { action: 'continue', headers: { vary: 'origin' }, verdict: 'absent' });
  });
  it('decorates an allowed actual request; refuses a disallowed one with Vary: origin', () => {
    const ok = decideCors(facts('PUT', LISTED), 'listed', s);
    assert.equal(ok.action, 'continue');
    assert.equal(ok.headers['access-control-allow-origin'], LISTED);
    assert.equal(ok.headers.vary, 'origin');
    const no = decideCors(facts('GET', 'https://evil.example'), 'not-listed', s);
    assert.deepEqual(no.headers, { vary: 'origin' });
  });
  it('answers Private Network Access only when asked and enabled', () => {
    const on = defaultAnswerSettings({ allowPrivateNetwork: true });
    assert.equal(decideCors(facts('OPTIONS', LISTED, 'GET', 'true'), 'listed', on).headers['access-control-allow-private-network'], 'true');
    assert.equal(decideCors(facts('OPTIONS', LISTED, 'GET'), 'listed', on).headers['access-control-allow-private-network'], undefined);
    assert.equal(decideCors(facts('OPTIONS', LISTED, 'GET', 'true'), 'listed', s).headers['access-control-allow-private-network'], undefined);
  });
  it('uses the configured max-age and the route\'s Allow', () => {
    const d = decideCors(facts('OPTIONS', LISTED, 'POST'), 'same-origin', defaultAnswerSettings({ maxAgeS: 60 }), { allow: 'POST, OPTIONS' });
    assert.equal(d.headers['access-control-max-age'], '60');
    assert.equal(d.headers.allow, 'POST, OPTIONS');
  });
});
