// The desktop in Debian's chromium (playwright-core): sign-in errors in plain words, an agent's call
// from READY to wrap-up, the supervisor watching live and signing the agent out, the red banner when
// the notification path goes silent (detected by the XMPP pings) and the re-read after recovery, and
// a third-party gadget written against the finesse.js API. Screenshots: test/artifacts/desktop-*.png.
// Skips, saying why, when /usr/bin/chromium or playwright-core is missing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { artifactPath, browserSkipReason, launchChromium } from './browser-kit.js';
import { startDesktopHarness, type DesktopHarness } from './desktop-harness.js';
import { httpsCall } from '../helpers/rest-harness.js';

const skip = await browserSkipReason();
if (skip) console.log(`# skipping the desktop browser tests: ${skip}`);

// Pings every second, 1 s timeout, 2 misses → the connection is declared lost within ~4 s.
const TUNING = { pingIntervalMs: 1000, pingTimeoutMs: 1000, pingMaxFailures: 2, systemInfoIntervalMs: 60_000, backoff: { initialMs: 300, maxMs: 1500, factor: 2, jitter: 0 } };
const PING_BUDGET_MS = TUNING.pingIntervalMs + TUNING.pingMaxFailures * (TUNING.pingIntervalMs + TUNING.pingTimeoutMs) + 1500;

/** 'real' when the in-process server can sign an agent in through its CTI path, else 'scripted'. */
async function chooseHarness(): Promise<{ h: DesktopHarness; note: string }> {
  if (process.env.PARLEY_DESKTOP_HARNESS === 'scripted') return { h: await startDesktopHarness('scripted'), note: 'a scripted contact center (PARLEY_DESKTOP_HARNESS=scripted)' };
  const real = await startDesktopHarness('real');
  const ca = readFileSync(real.ts.ready.ca);
  const port = Number(new URL(real.origin).port);
  const auth = '1001020:agent';
  // The CTI link comes up just after start: wait for SystemInfo to say IN_SERVICE.
  for (let i = 0; i < 50; i++) {
    if (/<status>IN_SERVICE<\/status>/.test((await httpsCall(port, ca, 'GET', '/finesse/api/SystemInfo')).body)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await httpsCall(port, ca, 'PUT', '/finesse/api/User/1001020', { auth, body: '<User><state>LOGIN</state><extension>1001020</extension></User>' });
  for (let i = 0; i < 15; i++) {
    const r = await httpsCall(port, ca, 'GET', '/finesse/api/User/1001020', { auth });
    if (/<state>NOT_READY<\/state>/.test(r.body)) {
      await httpsCall(port, ca, 'PUT', '/finesse/api/User/1001020', { auth, body: '<User><state>LOGOUT</state></User>' });
      return { h: real, note: 'the in-process server with its CTI path and call simulator' };
    }
    await new Promise((r2) => setTimeout(r2, 200));
  }
  await real.stop();
  return { h: await startDesktopHarness('scripted'), note: 'a scripted contact center (the CTI path did not sign an agent in)' };
}

describe('desktop in chromium', { skip: skip ?? false }, () => {
  let h: DesktopHarness;
  let browser: Browser;
  let agentCtx: BrowserContext;
  let agent: Page;
  let sup: Page;
  let notificationUp = true;
  const pageErrors: string[] = [];

  const shot = (p: Page, name: string): Promise<Buffer> => p.screenshot({ path: artifactPath(`desktop-${name}.png`), fullPage: true });
  const newPage = async (ctx: BrowserContext): Promise<Page> => {
    const p = await ctx.newPage();
    // Errors of the hostile Flood gadget are expected (they stay inside its sandboxed frame).
    p.on('pageerror', (e) => { if (!/undefinedFunction|gadget failure/.test(e.message)) pageErrors.push(e.message); });
    return p;
  };
  const signIn = async (p: Page, id: string, password: string, ext: string): Promise<void> => {
    await p.goto(`${h.origin}/desktop/`);
    await p.fill('#signin-id', id);
    await p.fill('#signin-password', password);
    await p.fill('#signin-extension', ext);
    await p.press('#signin-extension', 'Enter');
  };
  /** Waits until `selector`'s text contains `text`; fails saying what the page showed instead. */
  const waitText = async (p: Page, selector: string, text: string, timeout = 10_000): Promise<void> => {
    try {
      type Doc = { querySelector(s: string): { textContent: string | null } | null };
      await p.waitForFunction(([sel, want]) => (globalThis as unknown as { document: Doc }).document.querySelector(sel!)?.textContent?.includes(want!) ?? false, [selector, text], { timeout });
    } catch {
      throw new Error(`${selector} never said "${text}"; it says ${JSON.stringify(await p.textContent(selector).catch(() => null))}`);
    }
  };
  const rest = (method: string, path: string, auth: string, body?: string) =>
    httpsCall(Number(new URL(h.origin).port), readFileSync(h.ts.ready.ca), method, path, { auth, ...(body ? { body } : {}) });

  before(async () => {
    const chosen = await chooseHarness();
    h = chosen.h;
    console.log(`# desktop browser tests run against ${chosen.note}`);
    // A hostile gadget (throws, then floods the hub) sits beside the others in the agent's layout.
    const flood = `<Module><ModulePrefs title="Flood"/><Content type="html"><![CDATA[<p>flood</p><script>
      gadgets.HubSettings.onConnect = function () { for (var i = 0; i < 5000; i++) gadgets.Hub.publish('flood.topic', i); throw new Error('gadget failure'); };
      undefinedFunction();</script>]]></Content></Module>`;
    assert.equal((await rest('PUT', '/admin/api/gadgets/files/Flood.xml', 'admin:admin', flood)).status, 201);
    // A gadget in the DevNet samples' style: it loads jQuery and finesse.js itself and uses $(…).
    const devnet = `<Module><ModulePrefs title="DevNet style"><Require feature="pubsub-2"/></ModulePrefs><Content type="html"><![CDATA[
      <script src="/desktop/assets/js/jquery.min.js"></script><script src="/desktop/assets/js/finesse.js"></script>
      <p>State: <span id="jq-state">?</span></p><script>
      var finesse = window.finesse || {}; finesse.modules = finesse.modules || {};
      finesse.modules.DevNetStyle = (function ($) { var user; return { init: function () {
        var cfg = finesse.gadget.Config; finesse.clientservices.ClientServices.init(cfg);
        user = new finesse.restservices.User({ id: cfg.id, onLoad: function () { $('#jq-state').text(user.getState()); }, onChange: function () { $('#jq-state').text(user.getState()); } });
      } }; }(jQuery));
      gadgets.HubSettings.onConnect = function () { finesse.modules.DevNetStyle.init(); };</script>]]></Content></Module>`;
    assert.equal((await rest('PUT', '/admin/api/gadgets/files/DevNet/DevNetStyle.xml', 'admin:admin', devnet)).status, 201);
    const layout = `<finesseLayout><layout><role>Agent</role><tabs><tab><id>home</id><label>Home</label><gadgets>
      <gadget>/desktop/builtin/calls</gadget><gadget>/desktop/builtin/queues</gadget>
      <gadget>/3rdpartygadget/files/SampleUserStateGadget.xml</gadget><gadget>/3rdpartygadget/files/Flood.xml</gadget>
      <gadget>/3rdpartygadget/files/DevNet/DevNetStyle.xml</gadget></gadgets></tab></tabs></layout></finesseLayout>`;
    assert.equal((await rest('PUT', '/admin/api/layout/agent', 'admin:admin', layout)).status, 200);
    // The CORS quick check engine needs the admin role: this test's supervisor has it too.
    const supRecord = h.ts.server.stores.users.get('1002001')!;
    h.ts.server.stores.users.put({ ...supRecord, roles: [...supRecord.roles, 'admin'] });
    browser = await launchChromium();
    // Runs in every frame; sandboxed gadget frames have no localStorage (that is the point of the sandbox).
    const init = `try { localStorage.setItem('parley.tuning', ${JSON.stringify(JSON.stringify(TUNING))}); localStorage.setItem('parley.locale', 'en'); } catch {}`;
    agentCtx = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 1100 } });
    await agentCtx.addInitScript(init);
    agent = await newPage(agentCtx);
    // The agent's notification path goes through a switch the test can open (RFC 7395 frames dropped).
    await agent.routeWebSocket(/\/ws$/, (ws) => {
      if (!notificationUp) { ws.close({ code: 1011, reason: 'notification service stopped' }); return; }
      const server = ws.connectToServer();
      ws.onMessage((m) => { if (notificationUp) server.send(m); });
      server.onMessage((m) => { if (notificationUp) ws.send(m); });
    });
    const supCtx = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 860 } });
    await supCtx.addInitScript(init);
    sup = await newPage(supCtx);
  });

  after(async () => {
    await browser?.close();
    await h?.stop();
  });

  test('sign-in errors are said in plain words, in English and Spanish', async () => {
    await signIn(agent, '1001001', 'wrong-password', '1001001');
    await agent.waitForSelector('#signin-message');
    assert.match(await agent.textContent('#signin-message') ?? '', /user ID or password is not right/);
    await shot(agent, '01-signin-wrong-password');
    // Five failures lock an account (1001009 here) for five minutes.
    for (let i = 0; i < 5; i++) await rest('GET', '/finesse/api/User/1001009', '1001009:nope');
    await signIn(agent, '1001009', 'agent', '1001009');
    await agent.waitForSelector('#signin-message');
    assert.match(await agent.textContent('#signin-message') ?? '', /locked/);
    // An extension another agent is signed in with, and one that is not an extension at all.
    assert.equal((await rest('PUT', '/finesse/api/User/1001010', '1001010:agent', '<User><state>LOGIN</state><extension>1001010</extension></User>')).status, 202);
    for (let i = 0; i < 50 && !/<state>NOT_READY</.test((await rest('GET', '/finesse/api/User/1001010', '1001010:agent')).body); i++) await agent.waitForTimeout(100);
    await signIn(agent, '1001002', 'agent', '1001010');
    await waitText(agent, '#signin-message', 'Extension 1001010 is already in use');
    await shot(agent, '02-signin-extension-in-use');
    await signIn(agent, '1001002', 'agent', 'abc');
    await waitText(agent, '#signin-message', 'abc is not a valid extension');
    await rest('PUT', '/finesse/api/User/1001010', '1001010:agent', '<User><state>LOGOUT</state></User>');
    await agent.selectOption('#locale', 'es');
    await agent.waitForSelector('label[for=signin-password]:text("Contraseña")');
    await shot(agent, '03-signin-locked-es');
    await agent.selectOption('#locale', 'en');
  });

  test('the supervisor signs in and watches team 1', async () => {
    await signIn(sup, '1002001', 'supervisor', '1002001');
    await sup.waitForSelector('#agent-state', { timeout: 15_000 });
    await sup.click('#tab-team');
    await sup.waitForSelector('#team-table tr[data-agent-id="1001001"]');
  });

  test('an agent signs in, goes READY, answers, holds, retrieves, ends and picks a wrap-up reason', async () => {
    await signIn(agent, '1001001', 'agent', '1001001');
    await agent.waitForSelector('#agent-state', { timeout: 15_000 });
    await agent.waitForSelector('#state-menu:not([disabled])');
    await agent.waitForSelector('.gadget-warning', { timeout: 10_000 }); // the flooding gadget is paused, the desktop goes on
    await shot(agent, '04-agent-signed-in');
    await agent.selectOption('#state-menu', 'READY');
    await agent.waitForSelector('#agent-state[data-state=READY]');
    await sup.waitForSelector('#team-table tr[data-agent-id="1001001"] [data-state=READY]');

    await h.offerCall('1001001', '5551234', [{ name: 'callVariable1', value: 'Chuck Smith' }, { name: 'user.account', value: 'A-1234' }]);
    await agent.waitForSelector('[data-action=ANSWER]', { timeout: 10_000 });
    assert.match(await agent.textContent('.call-card') ?? '', /5551234/);
    await shot(agent, '05-agent-ringing');
    await agent.click('[data-action=ANSWER]');
    await agent.waitForSelector('[data-action=HOLD]');
    await sup.waitForSelector('#team-table tr[data-agent-id="1001001"] [data-state=TALKING]');
    await shot(sup, '06-supervisor-sees-talking');
    assert.match(await agent.textContent('.call-vars') ?? '', /Chuck Smith/);
    // The wrap-up reason can be chosen during the call …
    await agent.selectOption('#wrapup-reason', { index: 1 });
    await agent.click('#wrapup-apply');
    await waitText(agent, '#desktop-notice', 'Wrap-up reason saved');
    await agent.click('[data-action=HOLD]');
    await agent.waitForSelector('[data-action=RETRIEVE]');
    await agent.waitForSelector('#agent-state[data-state=HOLD]');
    await shot(agent, '07-agent-on-hold');
    await agent.click('[data-action=RETRIEVE]');
    await agent.waitForSelector('[data-action=HOLD]');
    await agent.click('[data-action=DROP]');
    await agent.waitForSelector('[data-action=DROP]', { state: 'detached' });
    await agent.waitForSelector('#agent-state[data-state^=WORK]', { timeout: 10_000 });
    // … and after it, while the call is in wrap-up (when the contact center keeps the wrap-up leg).
    if (await agent.waitForSelector('#wrapup-panel', { timeout: 2000 }).catch(() => null)) {
      await agent.click('#desktop-notice button');
      await agent.selectOption('#wrapup-reason', { index: 2 });
      await agent.click('#wrapup-apply');
      await waitText(agent, '#desktop-notice', 'Wrap-up reason saved');
    }
    await shot(agent, '08-agent-wrap-up');
  });

  test('the red banner shows within the ping budget when the notification path stops, and the state is re-read after it returns', async () => {
    const before = await agent.getAttribute('#agent-state', 'data-state');
    const stoppedAt = Date.now();
    notificationUp = false;
    await agent.waitForSelector('#connection-banner', { timeout: PING_BUDGET_MS });
    const detectedMs = Date.now() - stoppedAt;
    console.log(`# banner after ${detectedMs} ms (budget ${PING_BUDGET_MS} ms)`);
    assert.equal(await agent.textContent('#banner-text'), 'Lost connection to localhost. Please wait while we find a reachable server…');
    assert.equal(await agent.getAttribute('#state-menu', 'disabled'), '');
    assert.match(await agent.getAttribute('#state-menu', 'title') ?? '', /connection to the server is lost/);
    await shot(agent, '09-banner-lost-connection');
    await agent.selectOption('.agent-header #locale', 'es');
    assert.equal(await agent.textContent('#banner-text'), 'Se perdió la conexión con localhost. Espere mientras buscamos un servidor accesible…');
    await shot(agent, '10-banner-es');
    await agent.selectOption('.agent-header #locale', 'en');
    // A language change re-draws the desktop but does not reload gadgets (they keep their state).
    assert.notEqual(await agent.frameLocator('iframe.gadget-frame[title="SampleUserStateGadget"]').locator('#user-state').textContent(), '…');
    // While the desktop hears nothing, the agent's state changes on the server.
    if (before === 'WORK' || before === 'WORK_READY') h.scripted?.endWrapUp('1001001');
    await new Promise((r) => setTimeout(r, 300));
    const now = (await rest('GET', '/finesse/api/User/1001001', '1001001:agent')).body.match(/<state>(\w+)<\/state>/)?.[1];
    const want = now === 'READY' ? 'NOT_READY' : 'READY';
    const put = await rest('PUT', '/finesse/api/User/1001001', '1001001:agent', `<User><state>${want}</state></User>`);
    assert.equal(put.status, 202, put.body);
    notificationUp = true;
    await agent.waitForSelector('#connection-banner', { state: 'detached', timeout: 15_000 });
    await agent.waitForSelector(`#agent-state[data-state=${want}]`, { timeout: 10_000 });
    assert.equal(await agent.getAttribute('#state-menu', 'disabled'), null);
    await shot(agent, '11-recovered');
  });

  test('consult another agent, then transfer the caller to them (contact center with consult support)', async (t) => {
    if (h.scripted) { t.skip('the scripted contact center has no consult'); return; }
    if (await agent.getAttribute('#agent-state', 'data-state') !== 'READY') {
      await agent.selectOption('#state-menu', 'READY');
      await agent.waitForSelector('#agent-state[data-state=READY]');
    }
    await h.offerCall('1001001', '5559876');
    await agent.click('[data-action=ANSWER]', { timeout: 10_000 });
    await agent.waitForSelector('[data-action=HOLD]');
    assert.equal((await rest('PUT', '/finesse/api/User/1001002', '1001002:agent', '<User><state>LOGIN</state><extension>1001002</extension></User>')).status, 202);
    await agent.waitForTimeout(300);
    assert.equal((await rest('PUT', '/finesse/api/User/1001002', '1001002:agent', '<User><state>READY</state></User>')).status, 202);
    await agent.fill('#dial-number', '1001002');
    await agent.click('[data-action=CONSULT_CALL]');
    await agent.waitForSelector('.call-card.call-held');
    let consultId = '';
    for (let i = 0; i < 30 && !consultId; i++) {
      consultId = (await rest('GET', '/finesse/api/User/1001002/Dialogs', '1001002:agent')).body.match(/<id>(\d+)<\/id>/)?.[1] ?? '';
      if (!consultId) await agent.waitForTimeout(100);
    }
    assert.ok(consultId, 'the consulted agent has the consult call');
    assert.equal((await rest('PUT', `/finesse/api/Dialog/${consultId}`, '1001002:agent', '<Dialog><targetMediaAddress>1001002</targetMediaAddress><requestedAction>ANSWER</requestedAction></Dialog>')).status, 202);
    await agent.waitForSelector('.call-card.call-held [data-action=TRANSFER]');
    await shot(agent, '12-consult');
    await agent.click('.call-card.call-held [data-action=TRANSFER]');
    await agent.waitForSelector('[data-action=HOLD], [data-action=RETRIEVE]', { state: 'detached', timeout: 10_000 });
    await agent.waitForSelector('#agent-state:not([data-state=TALKING]):not([data-state=HOLD])');
  });

  test('a third-party gadget written against the finesse.js API shows the user state', async () => {
    const frame = agent.frameLocator('iframe.gadget-frame[title="SampleUserStateGadget"]');
    const state = await agent.getAttribute('#agent-state', 'data-state');
    await frame.locator(`#user-state:text("${state}")`).waitFor({ timeout: 10_000 });
    assert.equal(await frame.locator('#who').textContent(), 'Alice Johnson');
    // The gadget's own button goes through the container's REST proxy.
    const other = state === 'READY' ? 'NOT_READY' : 'READY';
    await frame.locator(other === 'READY' ? '#go-ready' : '#go-not-ready').click();
    await agent.waitForSelector(`#agent-state[data-state=${other}]`, { timeout: 10_000 });
    await frame.locator(`#user-state:text("${other}")`).waitFor();
    await agent.frameLocator('iframe.gadget-frame[title="DevNetStyle"]').locator(`#jq-state:text("${other}")`).waitFor({ timeout: 10_000 });
    await shot(agent, '13-gadget');
  });

  test('Send Error Report posts the client log, with the once-a-minute drift and latency line, to ClientLog', async () => {
    await agent.click('#send-error-report');
    await waitText(agent, '#desktop-notice', 'Error report sent.');
    const users = await rest('GET', '/admin/api/client-logs/1001001', 'admin:admin');
    assert.equal(users.status, 200, users.body);
    const file = (JSON.parse(users.body) as { files?: string[] }).files?.at(-1);
    assert.ok(file, users.body);
    const text = (await rest('GET', `/admin/api/client-logs/1001001/${file}`, 'admin:admin')).body;
    assert.match(text, /: : localhost: \w{3} \d{2} \d{4} [\d:.]+ [+-]\d{4}: Header : Client: \S+, Server: \S+, Drift: -?\d+ ms, Network Latency \(round trip\): \d+ ms/);
    assert.match(text, /notification connection recovered on localhost/);
  });

  test('the CORS quick check gadget runs the server\'s engine and shows its verdict', async (t) => {
    if (h.scripted) { t.skip('the scripted harness serves no CORS admin API'); return; }
    await sup.click('#tab-tools');
    const frame = sup.frameLocator('iframe.gadget-frame[title="TestCORSgadget"]');
    await frame.locator('#cors-service').selectOption('finesse');
    await frame.locator('#cors-run').click();
    await frame.locator('#cors-verdict').waitFor({ timeout: 15_000 });
    assert.match(await frame.locator('#cors-verdict').getAttribute('data-verdict') ?? '', /^(pass|warn|fail)$/);
    await shot(sup, '14-cors-quick-check-gadget');
    await sup.click('#tab-team');
  });

  test('cfadmin: navigation to every admin page, and the layout editor refuses a layout that points elsewhere', async () => {
    const ctx = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 860 }, httpCredentials: { username: 'admin', password: 'admin' } });
    const p = await newPage(ctx);
    await p.goto(`${h.origin}/cfadmin/`);
    for (const href of ['/cfadmin/layout', '/cfadmin/gadgets', '/cfadmin/certificates', '/cfadmin/cors', '/desktop/']) {
      assert.equal(await p.locator(`nav a[href="${href}"]`).count(), 1, href);
    }
    await shot(p, '15-cfadmin');
    await p.click('nav a[href="/cfadmin/layout"]');
    await p.waitForFunction(() => ((globalThis as unknown as { document: { querySelector(s: string): { value: string } | null } }).document.querySelector('#layout-xml')?.value ?? '').includes('<finesseLayout'));
    const xml = await p.inputValue('#layout-xml');
    await p.fill('#layout-xml', xml.replace('/desktop/builtin/queues', 'https://elsewhere.example/g.xml'));
    await p.click('#layout-save');
    await waitText(p, '#layout-status', 'points elsewhere');
    await shot(p, '16-cfadmin-layout-refused');
    await p.click('nav a[href="/cfadmin/gadgets"]');
    await waitText(p, '#gadget-files', 'TestCORSgadget.xml');
    await ctx.close();
  });

  test('the supervisor signs the agent out', async () => {
    await sup.bringToFront();
    if (await sup.getAttribute('#team-table tr[data-agent-id="1001001"] .state-badge', 'data-state') === 'READY') {
      await sup.click('#team-table tr[data-agent-id="1001001"] [data-team-action=NOT_READY]');
      await sup.waitForSelector('#team-table tr[data-agent-id="1001001"] [data-state=NOT_READY]');
      await agent.waitForSelector('#agent-state[data-state=NOT_READY]');
    }
    sup.once('dialog', (d) => void d.accept());
    await sup.click('#team-table tr[data-agent-id="1001001"] [data-team-action=LOGOUT]');
    await sup.waitForSelector('#team-table tr[data-agent-id="1001001"] [data-state=LOGOUT]');
    await shot(sup, '17-supervisor-signed-agent-out');
    await agent.waitForSelector('#signin-message', { timeout: 10_000 });
    assert.match(await agent.textContent('#signin-message') ?? '', /signed out/i);
    await shot(agent, '18-agent-signed-out');
    assert.deepEqual(pageErrors, []);
  });
});
