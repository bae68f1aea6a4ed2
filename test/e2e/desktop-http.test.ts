// The desktop's HTTP surface on a real in-process server: pages, bundles, caching and CSP, the sign-in
// check, layouts per role, gadget pages and files, the admin API for layouts and gadget files, and
// /cfadmin/, each with malformed, oversized and hostile input.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { httpsCall, type RequestOptions } from '../helpers/rest-harness.js';

describe('desktop over HTTPS', () => {
  let ts: TestServer;
  let ca: Buffer;
  const call = (method: string, path: string, opts: RequestOptions = {}) => httpsCall(ts.ready.ports.https!, ca, method, path, opts);
  const admin = 'admin:admin';

  before(async () => { ts = await startTestServer(); ca = readFileSync(ts.ready.ca); });
  after(async () => { await ts.stop(); });

  test('the page has a strict CSP, no caching, and is not frameable', async () => {
    const r = await call('GET', '/desktop/');
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^text\/html/);
    assert.match(String(r.headers['content-security-policy']), /script-src 'self'; style-src 'self'.*frame-ancestors 'none'/);
    assert.equal(r.headers['cache-control'], 'no-store');
    assert.equal(r.headers['x-frame-options'], 'DENY');
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.match(r.body, /<script src="\/desktop\/assets\/js\/desktop.js" defer><\/script>/);
    assert.equal((await call('GET', '/desktop')).status, 301);
    assert.equal((await call('POST', '/desktop/')).status, 405);
    assert.equal((await call('GET', '/desktop/nope')).status, 404);
  });

  test('bundled scripts are served with an ETag and answer 304 when unchanged; finesse.js is where gadgets load it', async () => {
    const r = await call('GET', '/desktop/assets/js/desktop.js');
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^text\/javascript/);
    assert.equal(r.headers['cache-control'], 'no-cache');
    const etag = String(r.headers.etag);
    assert.equal((await call('GET', '/desktop/assets/js/desktop.js', { headers: { 'if-none-match': etag } })).status, 304);
    assert.match((await call('GET', '/desktop/assets/js/jquery.min.js')).body, /jQuery v3/);
    for (const p of ['/desktop/assets/js/finesse.js', '/desktop/assets/js/finesse.min.js', '/desktop/assets/css/desktop.css', '/cfadmin/assets/cfadmin.js']) {
      assert.equal((await call('GET', p)).status, 200, p);
    }
  });

  test('the sign-in check tells a wrong password from a locked account', async () => {
    assert.equal((await call('GET', '/desktop/whoami')).status, 401);
    const ok = await call('GET', '/desktop/whoami', { auth: '1001003:agent' });
    assert.deepEqual(JSON.parse(ok.body), { id: '1001003', roles: ['agent'] });
    assert.equal(JSON.parse((await call('GET', '/desktop/whoami', { auth: '1001004:bad' })).body).error, 'unauthorized');
    for (let i = 0; i < 4; i++) await call('GET', '/desktop/whoami', { auth: '1001004:bad' });
    const locked = await call('GET', '/desktop/whoami', { auth: '1001004:agent' });
    assert.equal(JSON.parse(locked.body).error, 'locked');
    assert.equal((await call('GET', '/desktop/whoami', { headers: { authorization: 'Basic !!!' } })).status, 401);
  });

  test('layouts per role: agents get theirs, only supervisors the supervisor layout', async () => {
    const a = JSON.parse((await call('GET', '/desktop/layout', { auth: '1001003:agent' })).body);
    assert.equal(a.role, 'agent');
    assert.ok(a.tabs[0].gadgets.some((g: { url: string }) => g.url === '/desktop/builtin/calls'));
    assert.equal((await call('GET', '/desktop/layout?role=supervisor', { auth: '1001003:agent' })).status, 403);
    assert.equal(JSON.parse((await call('GET', '/desktop/layout', { auth: '1002001:supervisor' })).body).role, 'supervisor');
    assert.equal((await call('GET', '/desktop/layout?role=admin', { auth: '1002001:supervisor' })).status, 400);
    assert.equal((await call('GET', '/desktop/layout')).status, 401);
  });

  test('gadget pages: shipped gadgets render sandboxed; missing, foreign and malformed gadgets say why', async () => {
    const g = await call('GET', '/desktop/gadget?url=%2F3rdpartygadget%2Ffiles%2FSampleUserStateGadget.xml&mid=3');
    assert.equal(g.status, 200);
    assert.match(String(g.headers['content-security-policy']), /sandbox allow-scripts allow-forms allow-popups allow-modals/);
    assert.match(String(g.headers['content-security-policy']), /frame-ancestors 'self'/);
    assert.match(g.body, /finesse\.restservices\.User/);
    assert.match(g.body, /<span id="greeting">Hello<\/span>/);
    const foreign = await call('GET', '/desktop/gadget?url=https%3A%2F%2Fevil.example%2Fg.xml');
    assert.equal(foreign.status, 400);
    assert.match(foreign.body, /must be under \/3rdpartygadget\/files\//);
    assert.equal((await call('GET', '/desktop/gadget?url=%2F3rdpartygadget%2Ffiles%2FNope.xml')).status, 404);
    assert.equal((await call('PUT', '/admin/api/gadgets/files/Broken.xml', { auth: admin, body: '<Module><Content>' })).status, 201);
    const broken = await call('GET', '/desktop/gadget?url=%2F3rdpartygadget%2Ffiles%2FBroken.xml');
    assert.equal(broken.status, 422);
    assert.match(broken.body, /cannot be used: the gadget XML is not well-formed/);
    assert.equal((await call('PUT', '/admin/api/gadgets/files/Away.xml', { auth: admin, body: '<Module><Content type="url" href="https://evil.example/"/></Module>' })).status, 201);
    assert.match((await call('GET', '/desktop/gadget?url=%2F3rdpartygadget%2Ffiles%2FAway.xml')).body, /points elsewhere/);
  });

  test('gadget files: served with types; traversal and unknown names are 404', async () => {
    const x = await call('GET', '/3rdpartygadget/files/TestCORSgadget.xml');
    assert.equal(x.status, 200);
    assert.match(String(x.headers['content-type']), /^application\/xml/);
    for (const p of ['/3rdpartygadget/files/%2e%2e/%2e%2e/package.json', '/3rdpartygadget/files/..%2F..%2Fpackage.json', '/3rdpartygadget/files/.hidden.xml', '/3rdpartygadget/other']) {
      assert.equal((await call('GET', p)).status, 404, p);
    }
    assert.equal((await call('DELETE', '/3rdpartygadget/files/TestCORSgadget.xml')).status, 405);
  });

  test('admin API for gadget files: admin only, names checked, size limited', async () => {
    assert.equal((await call('GET', '/admin/api/gadgets/files')).status, 401);
    assert.equal((await call('GET', '/admin/api/gadgets/files', { auth: '1002001:supervisor' })).status, 403);
    const up = await call('PUT', '/admin/api/gadgets/files/Mine/mine.js', { auth: admin, body: 'console.log(1)' });
    assert.equal(up.status, 201);
    assert.equal(JSON.parse(up.body).url, '/3rdpartygadget/files/Mine/mine.js');
    assert.equal((await call('GET', '/3rdpartygadget/files/Mine/mine.js')).body, 'console.log(1)');
    assert.equal((await call('PUT', '/admin/api/gadgets/files/evil.sh', { auth: admin, body: 'x' })).status, 400);
    assert.equal((await call('PUT', '/admin/api/gadgets/files/..%2Fx.js', { auth: admin, body: 'x' })).status, 400);
    assert.equal((await call('PUT', '/admin/api/gadgets/files/huge.js', { auth: admin, body: Buffer.alloc(2 * 1024 * 1024 + 1) })).status, 413);
    const list = JSON.parse((await call('GET', '/admin/api/gadgets/files', { auth: admin })).body);
    assert.ok(list.files.some((f: { name: string; shipped: boolean }) => f.name === 'TestCORSgadget.xml' && f.shipped));
    assert.equal((await call('DELETE', '/admin/api/gadgets/files/Mine/mine.js', { auth: admin })).status, 200);
    assert.equal((await call('DELETE', '/admin/api/gadgets/files/TestCORSgadget.xml', { auth: admin })).status, 404);
  });

  test('admin API for layouts: validate, store, serve to desktops, reset', async () => {
    const listed = JSON.parse((await call('GET', '/admin/api/layout/', { auth: admin })).body);
    assert.deepEqual(listed.roles.map((r: { role: string }) => r.role), ['agent', 'supervisor']);
    const bad = await call('PUT', '/admin/api/layout/agent', { auth: admin, body: '<finesseLayout><layout><tabs><tab><id>a</id><gadgets><gadget>http://x/y.xml</gadget></gadgets></tab></tabs></layout></finesseLayout>' });
    assert.equal(bad.status, 400);
    assert.match(JSON.parse(bad.body).message, /points elsewhere/);
    const xml = '<finesseLayout><layout><role>Agent</role><tabs><tab><id>main</id><label>Main</label><gadgets><gadget>/desktop/builtin/calls</gadget></gadgets></tab></tabs></layout></finesseLayout>';
    assert.equal((await call('PUT', '/admin/api/layout/agent', { auth: admin, body: JSON.stringify({ xml }), headers: { 'content-type': 'application/json' } })).status, 200);
    assert.equal(JSON.parse((await call('GET', '/desktop/layout', { auth: '1001003:agent' })).body).tabs[0].label, 'Main');
    assert.equal(JSON.parse((await call('GET', '/admin/api/layout/agent', { auth: admin })).body).xml, xml);
    assert.equal((await call('PUT', '/admin/api/layout/agent', { auth: admin, body: '{nope', headers: { 'content-type': 'application/json' } })).status, 400);
    assert.equal((await call('PUT', '/admin/api/layout/agent', { auth: admin, body: 'x'.repeat(300_000) })).status, 413);
    assert.equal((await call('GET', '/admin/api/layout/root', { auth: admin })).status, 404);
    assert.equal((await call('POST', '/admin/api/layout/agent', { auth: admin })).status, 405);
    assert.equal((await call('DELETE', '/admin/api/layout/agent', { auth: admin })).status, 200);
    assert.equal(JSON.parse((await call('GET', '/desktop/layout', { auth: '1001003:agent' })).body).tabs[0].label, 'Home');
  });

  test('/cfadmin/ asks for an administrator and links the other admin pages', async () => {
    const anon = await call('GET', '/cfadmin/');
    assert.equal(anon.status, 401);
    assert.match(String(anon.headers['www-authenticate']), /^Basic/);
    assert.equal((await call('GET', '/cfadmin/', { auth: '1002001:supervisor' })).status, 403);
    const page = await call('GET', '/cfadmin/', { auth: admin });
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-security-policy']), /default-src 'self'/);
    assert.equal((await call('GET', '/cfadmin/layout', { auth: admin })).status, 200);
    assert.equal((await call('GET', '/cfadmin')).status, 301);
    const js = (await call('GET', '/cfadmin/assets/cfadmin.js')).body;
    assert.match(js, /\/cfadmin\/certificates/);
    assert.match(js, /\/cfadmin\/cors/);
  });
});
