// CORS administration over the real admin socket (the Cisco CLI words) and the admin REST API, with
// the bad input of issue 7: malformed origins, `null`, header injection, unicode hosts, duplicates,
// absent deletes, 10,000 origins; the quick check over the CLI and its JSON endpoint.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { callAdmin } from '../../src/admin/admin-client.js';
import { adminSocketPath } from '../../src/admin/socket-path.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { post, type HttpResult } from '../helpers/bosh-client.js';

let ts: TestServer;
const ADMIN = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
const AGENT = `Basic ${Buffer.from('1001001:agent').toString('base64')}`;
const DOC = ['https://finessep.uccelab.tac', 'https://finesses.uccelab.tac', 'https://finesses.uccelab.tac:8445'];

async function cli(...words: string[]): Promise<{ exitCode: number; output: string }> {
  const r = await callAdmin(adminSocketPath(ts.data), words, {});
  if (!r.ok) throw new Error(`admin call failed: ${r.reason}`);
  return { exitCode: r.exitCode, output: r.output };
}

function api(method: string, path: string, body?: unknown, auth = ADMIN, raw?: string): Promise<HttpResult & { json: any }> {
  const text = raw ?? (body === undefined ? '' : JSON.stringify(body));
  return post({ port: ts.ready.ports.https!, ca: ts.ready.ca, method, path: `/admin/api/cors/${path}`, body: text, headers: { authorization: auth, 'content-type': 'application/json' } })
    .then((r) => ({ ...r, json: r.text ? JSON.parse(r.text) : undefined }));
}

before(async () => {
  ts = await startTestServer();
  // These tests walk through the switch from off, as Cisco ships it (a fresh Parley install has it on).
  for (const service of ['finesse', 'notification', 'livedata'] as const) ts.server.stores.cors.setEnabled(service, false);
});
after(async () => {
  await ts.stop();
});

describe('CLI: utils cuic|finesse|notification cors', () => {
  it('status, enable and disable, with the max-age reminder', async () => {
    assert.match((await cli('utils', 'cuic', 'cors', 'status')).output, /CORS is disabled for Live Data\.\nAllowed origins: 0/);
    const on = await cli('utils', 'cuic', 'cors', 'enable');
    assert.equal(on.exitCode, 0);
    assert.match(on.output, /CORS is now enabled for Live Data\./);
    assert.match(on.output, /Browsers may cache a preflight answer for up to 600 seconds/);
    assert.match((await cli('utils', 'cuic', 'cors', 'enable')).output, /already enabled.*nothing changed/);
    assert.match((await cli('utils', 'cuic', 'cors', 'status')).output, /CORS is enabled for Live Data/);
    assert.equal((await cli('utils', 'cuic', 'cors', 'status', 'extra')).exitCode, 2);
    assert.equal(ts.server.stores.cors.isEnabled('livedata'), true, 'cuic is the livedata list');
    assert.equal(ts.server.stores.cors.isEnabled('finesse'), false);
  });

  it('allowed_origin list prints the product document\'s format', async () => {
    assert.equal((await cli('utils', 'cuic', 'cors', 'allowed_origin', 'list')).output, 'cors_allowedorigins\n===========================\n');
    for (const o of DOC) assert.equal((await cli('utils', 'cuic', 'cors', 'allowed_origin', 'add', o)).exitCode, 0, o);
    assert.equal((await cli('utils', 'cuic', 'cors', 'allowed_origin', 'list')).output,
      'cors_allowedorigins\n===========================\n1. https://finessep.uccelab.tac\n2. https://finesses.uccelab.tac\n3. https://finesses.uccelab.tac:8445\n');
  });

  it('add explains what it normalized and reminds of max-age', async () => {
    const r = await cli('utils', 'cuic', 'cors', 'allowed_origin', 'add', 'https://FinesseP.uccelab.tac:8445/');
    assert.equal(r.exitCode, 0);
    assert.match(r.output, /Added https:\/\/finessep\.uccelab\.tac:8445 to the allowed origins of Live Data\./);
    assert.match(r.output, /Note: The trailing slash was removed/);
    assert.match(r.output, /Note: The host was lower-cased/);
    assert.match(r.output, /600 seconds/);
    const u = await cli('utils', 'cuic', 'cors', 'allowed_origin', 'add', 'https://bücher.example:8445');
    assert.match(u.output, /Added https:\/\/xn--bcher-kva\.example:8445.*\nNote: The host was stored in punycode/);
    const p = await cli('utils', 'cuic', 'cors', 'allowed_origin', 'add', 'https://finesse.example.com:443');
    assert.match(p.output, /Added https:\/\/finesse\.example\.com .*\nNote: The default port :443 was removed/);
  });

  it('refuses bad input with a clear message and leaves the list unchanged', async () => {
    const before = ts.server.stores.cors.origins('livedata');
    const cases: [string[], number, RegExp][] = [
      [['https://finessep.uccelab.tac:8445'], 1, /already in the livedata allowed origins; nothing changed/],
      [['https://FINESSEP.uccelab.tac:8445/'], 1, /already in the livedata allowed origins/],
      [['*'], 2, /wildcard '\*'/],
      [['null'], 2, /'null' origin/],
      [['https://a.example\r\nSet-Cookie: x=1'], 2, /control characters/],
      [['finessep.uccelab.tac:8445'], 2, /no scheme.*Did you mean https:\/\/finessep\.uccelab\.tac:8445/],
      [['https://finessep.uccelab.tac:8445/desktop/'], 2, /no path/],
      [['https://*.uccelab.tac'], 2, /wildcards are not supported/],
      [['ftp://x.example'], 2, /only https:\/\/ and http:\/\//],
      [['https://a.example', 'https://b.example'], 2, /Usage: .*exactly one origin/],
      [[], 2, /Usage/],
      [['x'.repeat(5000)], 2, /at most 512 characters/],
    ];
    for (const [args, code, message] of cases) {
      const r = await cli('utils', 'cuic', 'cors', 'allowed_origin', 'add', ...args);
      assert.equal(r.exitCode, code, `${args.join(' ').slice(0, 60)}: ${r.output}`);
      assert.match(r.output, message);
      assert.doesNotMatch(r.output, /Set-Cookie: x=1\r?\n/, 'no raw CR/LF echoed');
    }
    assert.deepEqual(ts.server.stores.cors.origins('livedata'), before);
  });

  it('delete removes an origin, and explains an absent one with the near entry', async () => {
    const d = await cli('utils', 'cuic', 'cors', 'allowed_origin', 'delete', 'https://finesse.example.com');
    assert.equal(d.exitCode, 0);
    assert.match(d.output, /Deleted https:\/\/finesse\.example\.com from the allowed origins of Live Data\.\n.*600 seconds/);
    const absent = await cli('utils', 'cuic', 'cors', 'allowed_origin', 'delete', 'https://finessep.uccelab.tac:9999');
    assert.equal(absent.exitCode, 1);
    assert.match(absent.output, /https:\/\/finessep\.uccelab\.tac:9999 is not in the livedata allowed origins; nothing changed\. The list has https:\/\/finessep\.uccelab\.tac\./);
    assert.equal((await cli('utils', 'cuic', 'cors', 'allowed_origin', 'delete', 'null')).exitCode, 2);
  });

  it('keeps one list per service: finesse and notification are separate', async () => {
    assert.equal((await cli('utils', 'finesse', 'cors', 'allowed_origin', 'add', 'https://app.example.com')).exitCode, 0);
    assert.equal((await cli('utils', 'notification', 'cors', 'allowed_origin', 'add', 'https://chat.example.com:8443')).exitCode, 0);
    assert.deepEqual(ts.server.stores.cors.origins('finesse'), ['https://app.example.com']);
    assert.deepEqual(ts.server.stores.cors.origins('notification'), ['https://chat.example.com:8443']);
    assert.match((await cli('utils', 'notification', 'cors', 'status')).output, /CORS is disabled for the notification service/);
    const show = await cli('show', 'cors');
    assert.match(show.output, /access-control-max-age 600 s/);
    assert.match(show.output, /^finesse\s+disabled\s+1 origin/m);
    assert.match(show.output, /^livedata\s+enabled\s+\d+ origin/m);
    assert.match(show.output, /- https:\/\/chat\.example\.com:8443/);
    assert.match((await cli('help', 'utils', 'notification')).output, /utils notification cors allowed_origin add/);
  });
});

describe('CLI: utils cors quickcheck', () => {
  it('checks Parley\'s own notification service by name, explains the refusal, then passes once the origin is added', async () => {
    const origin = 'https://finessep.uccelab.tac:8445';
    const port = String(ts.ready.ports.notification!);
    const fail = await cli('utils', 'cors', 'quickcheck', 'notification', '--origin', origin, '--port', port);
    assert.equal(fail.exitCode, 1, fail.output);
    assert.match(fail.output, /Preflight \(OPTIONS\): HTTP 403/);
    assert.match(fail.output, /has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource\./);
    assert.match(fail.output, /→ CORS is disabled for notification on this node: utils notification cors enable, then utils notification cors allowed_origin add https:\/\/finessep\.uccelab\.tac:8445/);
    await cli('utils', 'notification', 'cors', 'enable');
    await cli('utils', 'notification', 'cors', 'allowed_origin', 'add', origin);
    const pass = await cli('utils', 'cors', 'quickcheck', 'notification', '--origin', origin, '--port', port, '--json');
    assert.equal(pass.exitCode, 0, pass.output);
    const json = JSON.parse(pass.output);
    assert.equal(json.verdict, 'pass');
    assert.equal(json.preflight.status, 200);
    assert.equal(json.preflight.headers['access-control-allow-origin'], origin);
    assert.equal(json.actual.status, 200);
  });

  it('refuses bad words with usage (exit 2)', async () => {
    for (const args of [[], ['https://x.example/', '--origin'], ['https://x.example/', '--origin', 'null'], ['crm'], ['https://x.example/', '--bogus', '1']]) {
      const r = await cli('utils', 'cors', 'quickcheck', ...args);
      assert.equal(r.exitCode, 2, `${args.join(' ')}: ${r.output}`);
    }
  });
});

describe('admin API /admin/api/cors/', () => {
  it('needs the admin role', async () => {
    assert.equal((await api('GET', '', undefined, '')).status, 401);
    assert.equal((await api('GET', '', undefined, AGENT)).status, 403);
  });

  it('shows every service and the settings', async () => {
    const r = await api('GET', '');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.settings, { maxAgeS: 600, allowPrivateNetwork: false, maxOriginsPerService: 10000 });
    assert.deepEqual(Object.keys(r.json.services), ['finesse', 'notification', 'livedata']);
    assert.deepEqual((await api('GET', 'cuic')).json.service, 'livedata');
  });

  it('switches a service and adds, lists and deletes origins', async () => {
    const on = await api('PUT', 'finesse', { enabled: true });
    assert.equal(on.status, 200);
    assert.equal(on.json.enabled, true);
    const add = await api('POST', 'finesse/origins', { origin: 'https://Desk.example.com:8445/' });
    assert.equal(add.status, 201);
    assert.deepEqual(add.json.added, ['https://desk.example.com:8445']);
    assert.ok(add.json.notes.some((n: string) => /trailing slash/.test(n)));
    assert.match(add.json.reminder, /600 seconds/);
    assert.ok((await api('GET', 'finesse/origins')).json.origins.includes('https://desk.example.com:8445'));
    const del = await api('DELETE', `finesse/origins?origin=${encodeURIComponent('https://desk.example.com:8445')}`);
    assert.equal(del.status, 200);
    assert.equal((await api('DELETE', `finesse/origins?origin=${encodeURIComponent('https://desk.example.com:8445')}`)).status, 404);
  });

  it('refuses bad input with a problem document and changes nothing', async () => {
    const before = ts.server.stores.cors.origins('finesse');
    const cases: [string, string, unknown, number, RegExp, string?][] = [
      ['PUT', 'finesse', { enabled: 'yes' }, 400, /"enabled": true/],
      ['PUT', 'finesse', undefined, 400, /not valid JSON/, '{nope'],
      ['POST', 'finesse/origins', { origin: '*' }, 400, /wildcard/],
      ['POST', 'finesse/origins', { origin: 'null' }, 400, /'null' origin/],
      ['POST', 'finesse/origins', { origin: 'https://a.example\r\nX: y' }, 400, /control characters/],
      ['POST', 'finesse/origins', { origin: 42 }, 400, /The body is/],
      ['POST', 'finesse/origins', { origin: 'https://a.example', origins: ['https://b.example'] }, 400, /The body is/],
      ['POST', 'finesse/origins', { origins: ['https://ok.example', 'https://ok.example/'] }, 409, /given twice/],
      ['POST', 'finesse/origins', { origins: ['https://ok1.example', 'no scheme.example'] }, 400, /Entry 2/],
      ['POST', 'finesse/origins', { origins: ['https://app.example.com'] }, 409, /already in the finesse allowed origins/],
      ['DELETE', 'finesse/origins', undefined, 400, /Name the origin/],
      ['DELETE', 'finesse/origins?origin=%2A', undefined, 400, /wildcard/],
      ['GET', 'crm', undefined, 404, /No CORS service/],
      ['PATCH', 'finesse', {}, 405, /Use GET, PUT/],
      ['GET', 'finesse/origins/extra', undefined, 404, /No such CORS resource/],
    ];
    for (const [method, path, body, status, message, raw] of cases) {
      const r = await api(method, path, body, ADMIN, raw);
      assert.equal(r.status, status, `${method} ${path} ${JSON.stringify(body)}: ${r.text}`);
      assert.match(r.json.message, message);
    }
    assert.deepEqual(ts.server.stores.cors.origins('finesse'), before);
  });

  it('takes 10,000 origins, refuses the 10,001st, and still answers a preflight at once', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `https://host${i}.example.com:8445`);
    const t0 = performance.now();
    const r = await api('POST', 'livedata/origins', { origins: many.slice(0, 10_000 - ts.server.stores.cors.origins('livedata').length) });
    const addMs = performance.now() - t0;
    assert.equal(r.status, 201, r.text.slice(0, 300));
    assert.equal(r.json.count, 10_000);
    const full = await api('POST', 'livedata/origins', { origin: 'https://one-more.example.com' });
    assert.equal(full.status, 409);
    assert.match(full.json.message, /the limit is 10000 \(setting cors\.maxOriginsPerService\)/);
    assert.equal(ts.server.stores.cors.origins('livedata').length, 10_000);
    const big = await api('POST', 'livedata/origins', undefined, ADMIN, JSON.stringify({ origins: Array.from({ length: 60_000 }, (_, i) => `https://h${i}.example.com`) }));
    assert.equal(big.status, 413);
    const t1 = performance.now();
    const gate = ts.server.cors.gate;
    for (let i = 0; i < 1000; i++) gate.verdict('livedata', `https://host${i * 7}.example.com:8445`, 'https://localhost:1');
    const lookupUs = ((performance.now() - t1) / 1000) * 1000;
    console.log(`# 10,000 origins: batch add ${addMs.toFixed(0)} ms, origin lookup ${lookupUs.toFixed(1)} µs`);
    assert.ok(lookupUs < 2000, `lookup ${lookupUs} µs`);
  });

  it('POST quickcheck: 400 for bad input, 200 with the documented JSON otherwise', async () => {
    for (const body of [{}, { url: 'ftp://x/' }, { service: 'finesse', origin: 'null' }, { url: 'https://x.example/', headers: 'x' }]) {
      const r = await api('POST', 'quickcheck', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.json.error, 'bad-request');
    }
    assert.equal((await api('GET', 'quickcheck')).status, 405);
    const r = await api('POST', 'quickcheck', { service: 'notification', port: ts.ready.ports.notification, origin: 'https://unlisted.example.com' });
    assert.equal(r.status, 200);
    for (const k of ['verdict', 'summary', 'consoleMessage', 'request', 'preflight', 'actual', 'findings', 'checkedAt']) assert.ok(k in r.json, k);
    assert.equal(r.json.verdict, 'fail');
    assert.equal(r.json.findings[0].code, 'missing-allow-origin');
    assert.match(r.json.findings[0].hint, /utils notification cors allowed_origin add https:\/\/unlisted\.example\.com/);
    const agent = await api('POST', 'quickcheck', { service: 'notification', port: ts.ready.ports.notification, origin: 'https://unlisted.example.com' }, AGENT);
    assert.equal(agent.status, 200, 'any signed-in user may check this node\'s services (the desktop gadget)');
    assert.equal((await api('POST', 'quickcheck', { url: 'https://127.0.0.1:1/' }, AGENT)).status, 403, 'a URL needs the admin role');
    assert.equal((await api('POST', 'quickcheck', { service: 'livedata', host: 'cuic.example.com' }, AGENT)).status, 403, 'another host too');
    assert.equal((await api('POST', 'quickcheck', { service: 'livedata' }, '')).status, 401);
    const refused = await api('POST', 'quickcheck', { url: 'https://127.0.0.1:1/', origin: 'https://a.example.com', timeoutMs: 2000 });
    assert.equal(refused.json.verdict, 'fail');
    assert.match(refused.json.consoleMessage, /net::ERR_CONNECTION_REFUSED/);
  });
});

describe('admin page /cfadmin/cors', () => {
  it('is served to the admin only, with a strict content security policy', async () => {
    const get = (path: string, auth?: string) => post({ port: ts.ready.ports.https!, ca: ts.ready.ca, method: 'GET', path, headers: auth ? { authorization: auth } : {} });
    assert.equal((await get('/cfadmin/cors')).status, 401);
    const page = await get('/cfadmin/cors', ADMIN);
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-type']), /text\/html/);
    assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
    assert.match(page.text, /CORS quick check/);
    assert.equal((await get('/cfadmin/cors/cors.js', ADMIN)).status, 200);
    assert.equal((await get('/cfadmin/cors/cors.css', ADMIN)).status, 200);
    assert.equal((await get('/cfadmin/cors/../../etc/passwd', ADMIN)).status, 404);
    assert.equal((await post({ port: ts.ready.ports.notification!, ca: ts.ready.ca, method: 'GET', path: '/cfadmin/cors', headers: { authorization: ADMIN } })).status, 404);
  });
});
