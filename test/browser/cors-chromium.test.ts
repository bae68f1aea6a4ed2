// CORS in a real browser (Debian's chromium through playwright-core): a page on another loopback origin
// makes credentialed PUTs to Parley. Allowed → works, one preflight for two requests (max-age cache);
// removed from the list → fails. And for every misconfiguration the quick check diagnoses, its
// consoleMessage is exactly what Chromium prints in the console.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { artifactPath, browserSkipReason, launchChromium } from './browser-kit.js';
import { withCors } from '../../src/http/cors/cors-gate.js';
import { runQuickCheck } from '../../src/http/cors/quickcheck/quickcheck.js';
import { createHttpProbe } from '../../src/http/cors/quickcheck/http-probe.js';
import { parseSpec } from '../../src/http/cors/quickcheck/request-spec.js';
import { systemClock } from '../../src/shared/clock.js';
import { readFileSync } from 'node:fs';

const skip = await browserSkipReason();
const BASIC = `Basic ${Buffer.from('1001001:agent').toString('base64')}`;

let ts: TestServer;
let browser: Browser;
let pageServer: Server;
let badServer: Server;
let pageOrigin: string;
let badOrigin: string;
let preflights = 0;
let puts = 0;

const listen = (s: Server): Promise<number> => new Promise((r) => s.listen(0, '127.0.0.1', () => r((s.address() as AddressInfo).port)));

/** A test resource behind the CORS gate: counts preflights that reach the gate and authenticated PUTs. */
function resource(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  const outcome = ts.server.httpAuth.authenticate(req.headers.authorization);
  if (!outcome.ok) return void res.writeHead(401, { 'content-type': 'text/plain' }).end('sign in\n');
  puts++;
  res.writeHead(200, { 'content-type': 'application/json', requestid: 'r-42', 'x-hidden': 'secret' }).end('{"ok":true}');
}

/** Misconfigured CORS answers, one per path (the cases of [pki-cors] §4.2). */
const BAD_CASES: Record<string, { preflight: (origin: string) => [number, Record<string, string>]; actual?: (origin: string) => Record<string, string>; simpleGet?: boolean }> = {
  '/not-listed': { preflight: () => [403, {}] },
  '/wildcard': { preflight: () => [200, { 'access-control-allow-origin': '*', 'access-control-allow-credentials': 'true', 'access-control-allow-methods': 'PUT', 'access-control-allow-headers': 'x-req' }] },
  '/acac-case': { preflight: (o) => [200, { 'access-control-allow-origin': o, 'access-control-allow-credentials': 'True', 'access-control-allow-methods': 'PUT', 'access-control-allow-headers': 'x-req' }] },
  '/trailing-slash': { preflight: (o) => [200, { 'access-control-allow-origin': `${o}/`, 'access-control-allow-credentials': 'true', 'access-control-allow-methods': 'PUT', 'access-control-allow-headers': 'x-req' }] },
  '/status-403': { preflight: (o) => [403, { 'access-control-allow-origin': o, 'access-control-allow-credentials': 'true', 'access-control-allow-methods': 'PUT', 'access-control-allow-headers': 'x-req' }] },
  '/redirect': { preflight: () => [307, { location: '/elsewhere' }] },
  '/method': { preflight: (o) => [200, { 'access-control-allow-origin': o, 'access-control-allow-credentials': 'true', 'access-control-allow-methods': 'GET,POST', 'access-control-allow-headers': 'x-req' }] },
  '/method-star': { preflight: (o) => [200, { 'access-control-allow-origin': o, 'access-control-allow-credentials': 'true', 'access-control-allow-methods': '*', 'access-control-allow-headers': 'x-req' }] },
  '/header': { preflight: (o) => [200, { 'access-control-allow-origin': o, 'access-control-allow-credentials': 'true', 'access-control-allow-methods': 'PUT', 'access-control-allow-headers': 'content-type' }] },
  '/actual-no-acao': {
    preflight: (o) => [200, { 'access-control-allow-origin': o, 'access-control-allow-credentials': 'true', 'access-control-allow-methods': 'PUT', 'access-control-allow-headers': 'x-req' }],
    actual: () => ({}),
  },
  '/simple-get-no-acao': { preflight: () => [500, {}], actual: () => ({}), simpleGet: true },
  '/simple-get-wildcard': { preflight: () => [500, {}], actual: () => ({ 'access-control-allow-origin': '*' }), simpleGet: true },
};

function badHandler(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  const c = BAD_CASES[(req.url ?? '/').split('?')[0]!];
  const origin = String(req.headers.origin ?? '');
  if (!c) return void res.writeHead(404).end();
  if (req.method === 'OPTIONS') {
    const [status, headers] = c.preflight(origin);
    return void res.writeHead(status, { 'content-length': '0', ...headers }).end();
  }
  const headers = c.actual ? c.actual(origin) : { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true' };
  res.writeHead(200, { 'content-type': 'text/plain', ...headers }).end('ok');
}

/** The page's request: a credentialed PUT with one custom header; what it read and what the console said. */
async function pagePut(page: Page, url: string, headers: Record<string, string>, method = 'PUT'): Promise<{ status?: number; requestid?: string | null; hidden?: string | null; error?: string; console: string[] }> {
  const messages: string[] = [];
  const onConsole = (m: { type(): string; text(): string }): void => { if (m.type() === 'error') messages.push(m.text()); };
  page.on('console', onConsole);
  const r = await page.evaluate(async ([u, h, m]) => {
    try {
      const res = await fetch(u, { method: m, credentials: 'include', headers: h, ...(m === 'GET' ? {} : { body: '<x/>' }) });
      return { status: res.status, requestid: res.headers.get('requestid'), hidden: res.headers.get('x-hidden') };
    } catch (e) {
      return { error: String(e) };
    }
  }, [url, headers, method] as const);
  await page.waitForTimeout(100); // console events arrive asynchronously
  page.off('console', onConsole);
  return { ...r, console: messages.filter((m) => m.startsWith('Access to fetch')) };
}

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await page.goto(`${pageOrigin}/`);
  return { context, page };
}

describe('CORS in headless Chromium', { skip }, () => {
  before(async () => {
    ts = await startTestServer();
    const gated = withCors(ts.server.cors.gate, 'finesse', resource);
    ts.server.routes.prefix('/cors-browser/', (req, res, ctx) => {
      if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) preflights++;
      gated(req, res, ctx);
    });
    pageServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>gadget</title><p>page on another origin</p>'));
    pageOrigin = `http://127.0.0.1:${await listen(pageServer)}`;
    badServer = createServer(badHandler);
    badOrigin = `http://127.0.0.1:${await listen(badServer)}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    pageServer?.close();
    badServer?.close();
    await ts?.stop();
  });

  it('allowed: two credentialed PUTs work with one preflight; removed: the next PUT and a fresh browser fail', async () => {
    const api = `https://localhost:${ts.ready.ports.https!}/cors-browser/User/1001001`;
    ts.server.cors.lists.setEnabled('finesse', true);
    assert.ok(ts.server.cors.lists.add('finesse', [pageOrigin]).ok);
    const { context, page } = await newPage();
    const first = await pagePut(page, api, { authorization: BASIC, 'content-type': 'application/xml' });
    const second = await pagePut(page, api, { authorization: BASIC, 'content-type': 'application/xml' });
    assert.equal(first.status, 200, JSON.stringify(first));
    assert.equal(second.status, 200, JSON.stringify(second));
    assert.equal(first.requestid, 'r-42', 'an exposed header is readable');
    assert.equal(first.hidden, null, 'a header not exposed is not');
    assert.equal(preflights, 1, 'one preflight for two requests (access-control-max-age 600)');
    assert.equal(puts, 2);

    assert.ok(ts.server.cors.lists.remove('finesse', pageOrigin).ok);
    const cached = await pagePut(page, api, { authorization: BASIC, 'content-type': 'application/xml' });
    assert.equal(cached.error, 'TypeError: Failed to fetch');
    assert.equal(preflights, 1, 'the cached preflight is reused, the actual request is refused');
    assert.deepEqual(cached.console, [`Access to fetch at '${api}' from origin '${pageOrigin}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.`]);
    await context.close();

    const fresh = await newPage();
    const refused = await pagePut(fresh.page, api, { authorization: BASIC, 'content-type': 'application/xml' });
    assert.equal(refused.error, 'TypeError: Failed to fetch');
    assert.equal(preflights, 2);
    assert.equal(puts, 2, 'no PUT reached the resource');
    // The quick check says what Chromium said.
    const spec = parseSpec({ url: api, origin: pageOrigin, method: 'PUT', headers: ['Authorization', 'Content-Type: application/xml'] });
    assert.ok(spec.ok);
    const qc = await runQuickCheck(spec.value, { probe: createHttpProbe({ extraCa: readFileSync(ts.ready.ca, 'utf8') }), clock: systemClock });
    assert.equal(qc.verdict, 'fail');
    assert.deepEqual(refused.console, [qc.consoleMessage]);
    await fresh.context.close();
  });

  it('the quick check\'s console message matches Chromium\'s for every misconfiguration', async () => {
    const { context, page } = await newPage();
    const probe = createHttpProbe();
    const compared: string[] = [];
    for (const path of Object.keys(BAD_CASES)) {
      // A fresh URL each time (query) so that no preflight cache entry is reused.
      const url = `${badOrigin}${path}?n=${compared.length}`;
      const simple = BAD_CASES[path]!.simpleGet === true;
      const browserSaw = simple ? await pagePut(page, url, {}, 'GET') : await pagePut(page, url, { 'x-req': '1' });
      assert.equal(browserSaw.error, 'TypeError: Failed to fetch', `${path}: ${JSON.stringify(browserSaw)}`);
      const spec = parseSpec({ url, origin: pageOrigin, method: simple ? 'GET' : 'PUT', headers: simple ? [] : ['X-Req: 1'], credentials: 'include' });
      assert.ok(spec.ok);
      const qc = await runQuickCheck(spec.value, { probe, clock: systemClock });
      assert.equal(qc.verdict, 'fail', path);
      assert.deepEqual(browserSaw.console, [qc.consoleMessage], path);
      compared.push(path);
    }
    console.log(`# quick check = Chromium console for ${compared.length} misconfigurations: ${compared.join(' ')}`);
    await context.close();
  });

  it('the admin page /cfadmin/cors lists, adds and deletes origins and runs the quick check', async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, httpCredentials: { username: 'admin', password: 'admin' } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`https://localhost:${ts.ready.ports.https!}/cfadmin/cors`);
    const card = page.locator('[data-service="livedata"]');
    await card.locator('input[name=origin]').fill('https://CUIC-Finesse.example.com:8445/');
    await card.locator('form.add button').click();
    await page.locator('[data-service="livedata"] .origins li', { hasText: 'https://cuic-finesse.example.com:8445' }).waitFor();
    assert.match(await page.locator('[data-service="livedata"] .messages').innerText(), /trailing slash[\s\S]*600 seconds/);
    await page.locator('[data-service="livedata"] form.add input').fill('null');
    await page.locator('[data-service="livedata"] form.add button').click();
    await page.locator('[data-service="livedata"] .messages .error').waitFor();
    assert.match(await page.locator('[data-service="livedata"] .messages .error').innerText(), /'null' origin/);
    await page.locator('[data-service="livedata"] .origins li button').first().click();
    await page.locator('[data-service="livedata"] .empty').waitFor({ state: 'visible' });
    assert.deepEqual(ts.server.stores.cors.origins('livedata'), []);

    const form = page.locator('#quickcheck');
    await form.locator('select[name=target]').selectOption('url');
    await form.locator('input[name=url]').fill(`${badOrigin}/wildcard`);
    await form.locator('input[name=origin]').fill(pageOrigin);
    await form.locator('input[name=method]').fill('PUT');
    await form.locator('textarea[name=headers]').fill('X-Req: 1');
    await form.locator('button[type=submit]').click();
    await page.locator('#qc-result .console').waitFor();
    assert.equal(await page.locator('#qc-result .badge').innerText(), 'FAIL');
    assert.match(await page.locator('#qc-result .console').innerText(), /must not be the wildcard '\*' when the request's credentials mode is 'include'/);
    assert.deepEqual(errors, []);
    await page.screenshot({ path: artifactPath('cors-admin-page.png'), fullPage: true });
    await context.close();
  });
});
