// Live Data in headless Chromium (issue 9): the report page on the livedata origin signs in and fills its
// tables as agents change state and calls are offered; a page on the https origin (the desktop's) opens
// the stream cross-origin: refused until its origin is on the livedata allow-list, then served.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { artifactPath, browserSkipReason, launchChromium } from './browser-kit.js';

const skip = await browserSkipReason();
let ts: TestServer;
let browser: Browser;

async function newPage(url: string): Promise<Page> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** Opens the stream from the page's origin; resolves with the first message or the close code. */
function openStream(page: Page, url: string): Promise<{ first?: string; closed?: number }> {
  return page.evaluate((u) => new Promise<{ first?: string; closed?: number }>((resolve) => {
    const ws = new WebSocket(u);
    ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', authorization: `Basic ${btoa('1002001:supervisor')}` }));
    ws.onmessage = (e) => { resolve({ first: String(e.data) }); ws.close(); };
    ws.onclose = (e) => resolve({ closed: e.code });
  }), url);
}

describe('Live Data in headless Chromium', { skip }, () => {
  before(async () => {
    ts = await startTestServer();
    const deadline = Date.now() + 10_000;
    while (ts.server.contactCenter.link().state !== 'IN_SERVICE' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await ts?.stop();
  });

  it('the report page signs in and shows agents, teams and queues updating in place', async () => {
    const cc = ts.server.contactCenter;
    for (const id of ['1001001', '1001002']) assert.equal((await cc.setAgentState({ agentId: id, state: 'LOGIN', extension: id })).ok, true);
    const page = await newPage(`https://localhost:${ts.ready.ports.livedata}/livedata/gadget/`);
    await page.fill('#user', 'admin');
    await page.fill('#password', 'admin');
    await page.click('button[type=submit]');
    await page.waitForSelector('#agents tbody tr[data-id="1001001"]');
    // (The page's CSP forbids eval, so waits go through locators, not waitForFunction strings.)
    const cell = (n: number, text: RegExp) => page.locator(`#agents tr[data-id="1001001"] td:nth-child(${n})`, { hasText: text }).waitFor();
    await cell(3, /^NOT_READY$/);
    assert.equal(await page.isHidden('#signin'), true, 'the sign-in form is gone once connected');
    assert.equal((await cc.setAgentState({ agentId: '1001001', state: 'READY' })).ok, true);
    await cell(3, /^READY$/);
    const call = ts.server.callSimulator.offerCall({ queueId: '1', ani: '5550123' });
    assert.ok(call.ok);
    await cell(6, /5550123/);
    await page.screenshot({ path: artifactPath('livedata-page.png') });
    if (call.ok) ts.server.callSimulator.hangUp(call.value.callId);
    await page.context().close();
  });

  it('a page on the desktop origin is refused until that origin is on the livedata list', async () => {
    const desktopOrigin = `https://localhost:${ts.ready.ports.https}`;
    const page = await newPage(`${desktopOrigin}/desktop/`);
    const stream = `wss://localhost:${ts.ready.ports.livedata}/livedata/stream`;
    const refused = await openStream(page, stream);
    assert.equal(refused.first, undefined, 'no message from a refused origin');
    assert.equal(refused.closed, 1006, 'the handshake failed (403)');
    ts.server.stores.cors.addOrigin('livedata', desktopOrigin);
    try {
      const allowed = await openStream(page, stream);
      assert.match(allowed.first ?? '', /"type":"ready","user":"1002001"/);
    } finally {
      ts.server.stores.cors.removeOrigin('livedata', desktopOrigin);
    }
    await page.context().close();
  });
});
