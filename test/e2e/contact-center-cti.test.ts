// The contact center over the real CTI link, end to end: buildServer's contactCenter talks GED-188 over
// mutual TLS to the embedded CTI server and its ACD; callSimulator offers calls. Issue 11's failover
// proof: the A side killed → the link on the B side within the heartbeat budget, link() shows
// OUT_OF_SERVICE then IN_SERVICE, agents resynchronized from the B side.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import type { DomainEvent } from '../../src/contact-center/contact-center.js';

async function until(what: string, cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const A = '1001001';
const hasAcd = (s: TestServer): boolean => (s.server as { acd?: unknown }).acd !== undefined;

describe('contact center over the CTI link (real sockets)', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  after(async () => { for (const c of cleanup.reverse()) await c(); });

  it('comes up IN_SERVICE on the embedded CTI server (side A on the loopback) and knows every agent', async () => {
    const s = await startTestServer();
    cleanup.push(() => s.stop());
    const cc = s.server.contactCenter;
    await until('IN_SERVICE', () => cc.link().state === 'IN_SERVICE');
    assert.equal(cc.link().side, 'A');
    assert.equal(s.server.ctiLink.sides()?.sideA.port, s.ready.ports.cti);
    assert.equal(cc.agents().length, 21, 'the demo agents and the supervisor-agent');
    assert.equal(cc.agent('admin'), undefined, 'not an agent');
  });

  it('ten back-to-back state requests for one agent: each event carries its own request\'s requestId, in order', async () => {
    const s = await startTestServer();
    cleanup.push(() => s.stop());
    const cc = s.server.contactCenter;
    await until('IN_SERVICE', () => cc.link().state === 'IN_SERVICE');
    const id = '1001005';
    assert.equal((await cc.setAgentState({ agentId: id, state: 'LOGIN', extension: id, requestId: 'login' })).ok, true);
    await until('NOT_READY', () => cc.agent(id)?.state === 'NOT_READY');
    await new Promise((r) => setTimeout(r, 50));
    const seen: { state: string; requestId: string | undefined }[] = [];
    cc.onEvent((e) => { if (e.kind === 'agent-changed' && e.agent.agentId === id) seen.push({ state: e.agent.state, requestId: e.requestId }); });
    const sent: { state: string; requestId: string }[] = [];
    for (let i = 0; i < 10; i++) {
      const state = i % 2 === 0 ? 'READY' : 'NOT_READY';
      sent.push({ state, requestId: `r${i}` });
      assert.equal((await cc.setAgentState({ agentId: id, state, requestId: `r${i}` })).ok, true);
    }
    await until('ten events', () => seen.length >= 10);
    assert.deepEqual(seen.slice(0, 10), sent);
  });

  it('signs an agent in, offers a call, answers, holds, retrieves and drops it, with events for each step', async (t) => {
    const s = await startTestServer();
    cleanup.push(() => s.stop());
    if (!hasAcd(s)) {
      t.skip('the embedded ACD is not exposed on the built server yet (src/cti/server/acd-bridge.ts)');
      return;
    }
    const cc = s.server.contactCenter;
    const events: DomainEvent[] = [];
    cc.onEvent((e) => events.push(e));
    await until('IN_SERVICE', () => cc.link().state === 'IN_SERVICE');
    const state = (): string | undefined => cc.agent(A)?.state;

    assert.deepEqual(await cc.setAgentState({ agentId: A, state: 'LOGIN', extension: A, requestId: 'login-1' }), { ok: true, value: undefined });
    await until('NOT_READY', () => state() === 'NOT_READY');
    assert.ok(events.some((e) => e.kind === 'agent-changed' && e.requestId === 'login-1'), 'the requestId reaches the event');
    assert.equal((await cc.setAgentState({ agentId: A, state: 'READY', requestId: 'ready-1' })).ok, true);
    await until('READY', () => state() === 'READY');

    const offer = s.server.callSimulator.offerCall({ queueId: '1', ani: '5551234', dnis: '8000', callVariables: [{ name: 'callVariable1', value: 'Gold' }] });
    assert.ok(offer.ok, JSON.stringify(offer));
    const callId = offer.ok ? offer.value.callId : '';
    await until('dialog-created ALERTING', () => cc.dialog(callId)?.state === 'ALERTING');
    const created = events.find((e) => e.kind === 'dialog-created');
    assert.equal(created?.kind === 'dialog-created' && created.dialog.id, callId);
    const dialog = cc.dialog(callId);
    assert.equal(dialog?.fromAddress, '5551234');
    assert.equal(dialog?.queueId, '1');
    assert.equal(dialog?.callVariables.find((v) => v.name === 'callVariable1')?.value, 'Gold');
    assert.deepEqual(dialog?.participants.find((p) => p.mediaAddress === A)?.actions, ['ANSWER']);
    await until('RESERVED', () => state() === 'RESERVED');

    const step = async (action: 'ANSWER' | 'HOLD' | 'RETRIEVE' | 'DROP' | 'UPDATE_CALL_DATA', requestId: string, done: () => boolean): Promise<void> => {
      const r = await cc.dialogAction({ dialogId: callId, agentId: A, action, targetMediaAddress: A, requestId, ...(action === 'UPDATE_CALL_DATA' ? { wrapUpReason: 'Sales Call' } : {}) });
      assert.deepEqual(r, { ok: true, value: undefined }, action);
      await until(`${action} applied`, done);
      assert.ok(events.some((e) => (e.kind === 'dialog-updated' || e.kind === 'dialog-deleted') && e.requestId === requestId), `${action}: requestId in an event`);
    };
    const legState = (): string | undefined => cc.dialog(callId)?.participants.find((p) => p.mediaAddress === A)?.state;
    await step('ANSWER', 'ans', () => legState() === 'ACTIVE' && state() === 'TALKING');
    assert.equal(cc.dialog(callId)?.state, 'ACTIVE');
    await step('HOLD', 'hold', () => legState() === 'HELD');
    await step('RETRIEVE', 'retr', () => legState() === 'ACTIVE');
    await step('DROP', 'drop', () => cc.dialogsOf(A).every((d) => d.participants.find((p) => p.mediaAddress === A)?.state !== 'ACTIVE'));
    await until('wrap-up', () => state() === 'WORK_READY' && legState() === 'WRAP_UP');
    assert.deepEqual(cc.dialogsOf(A).map((d) => d.id), [callId], 'the wrap-up dialog stays the agent\'s');
    const illegal = await cc.dialogAction({ dialogId: callId, agentId: A, action: 'HOLD' });
    assert.equal(!illegal.ok && illegal.failure.errorType, 'Generic Error', 'no HOLD after the call');
    await step('UPDATE_CALL_DATA', 'wrap', () => cc.dialog(callId)?.wrapUpReason === 'Sales Call');
    assert.equal((await cc.setAgentState({ agentId: A, state: 'READY', requestId: 'ready-2' })).ok, true);
    await until('dialog deleted after wrap-up', () => cc.dialog(callId) === undefined && state() === 'READY');
    assert.ok(events.some((e) => e.kind === 'dialog-deleted' && e.dialog.id === callId));
  });

  it('consult, transfer, conference and make call over the real CTI server keep the dialogs right', async (t) => {
    const s = await startTestServer();
    cleanup.push(() => s.stop());
    if (!hasAcd(s)) { t.skip('no embedded ACD on the built server'); return; }
    const cc = s.server.contactCenter;
    const B = '1001002', D = '1001003';
    await until('IN_SERVICE', () => cc.link().state === 'IN_SERVICE');
    for (const id of [A, B, D]) {
      assert.equal((await cc.setAgentState({ agentId: id, state: 'LOGIN', extension: id })).ok, true);
      await until(`${id} NOT_READY`, () => cc.agent(id)?.state === 'NOT_READY');
    }
    assert.equal((await cc.setAgentState({ agentId: A, state: 'READY' })).ok, true);
    await until('A READY', () => cc.agent(A)?.state === 'READY');
    const leg = (dialogId: string, device: string) => cc.dialog(dialogId)?.participants.find((p) => p.mediaAddress === device);
    const act = async (dialogId: string, agentId: string, action: Parameters<typeof cc.dialogAction>[0]['action'], extra: Partial<Parameters<typeof cc.dialogAction>[0]> = {}) => {
      const r = await cc.dialogAction({ dialogId, agentId, action, ...extra });
      assert.ok(r.ok, `${action}: ${JSON.stringify(r)}`);
    };

    const offer = s.server.callSimulator.offerCall({ queueId: '1', ani: '5551234' });
    const primary = offer.ok ? offer.value.callId : '';
    await until('alerting at A', () => leg(primary, A)?.state === 'ALERTING');
    await act(primary, A, 'ANSWER');
    await until('A talking', () => leg(primary, A)?.state === 'ACTIVE');

    // Consult B, then transfer: B ends up on the primary call with the caller; A's leg is dropped.
    await act(primary, A, 'CONSULT_CALL', { toAddress: B });
    await until('consult pair', () => cc.dialog(primary)?.associatedDialogId !== null && cc.dialog(primary)?.associatedDialogId !== undefined);
    const consult = cc.dialog(primary)?.associatedDialogId ?? '';
    assert.equal(cc.dialog(consult)?.associatedDialogId, primary);
    assert.equal(cc.dialog(consult)?.callType, 'CONSULT');
    assert.equal(leg(primary, A)?.state, 'HELD');
    await until('B alerting on the consult', () => leg(consult, B)?.state === 'ALERTING');
    await act(consult, B, 'ANSWER');
    await until('TRANSFER offered', () => (leg(primary, A)?.actions ?? []).includes('TRANSFER') && (leg(consult, A)?.actions ?? []).includes('TRANSFER'));
    await act(consult, A, 'TRANSFER');
    await until('consult gone', () => cc.dialog(consult) === undefined);
    await until('B on the primary', () => leg(primary, B)?.state === 'ACTIVE' && leg(primary, A)?.state !== 'ACTIVE');
    assert.deepEqual(cc.dialogsOf(B).map((d) => d.id), [primary]);
    assert.equal(cc.dialogsOf(A).some((d) => d.id === primary && leg(primary, A)?.state !== 'WRAP_UP'), false);

    // B consults D and conferences: three parties ACTIVE on the primary call.
    await act(primary, B, 'CONSULT_CALL', { toAddress: D });
    await until('second consult', () => Boolean(cc.dialog(primary)?.associatedDialogId));
    const consult2 = cc.dialog(primary)?.associatedDialogId ?? '';
    await until('D alerting', () => leg(consult2, D)?.state === 'ALERTING');
    await act(consult2, D, 'ANSWER');
    await until('CONFERENCE offered', () => (leg(consult2, B)?.actions ?? []).includes('CONFERENCE'));
    await act(consult2, B, 'CONFERENCE');
    await until('three active parties', () => ['5551234', B, D].every((d) => leg(primary, d)?.state === 'ACTIVE'));
    await until('second consult gone', () => cc.dialog(consult2) === undefined);
    assert.equal(s.server.callSimulator.hangUp(primary).ok, true);
    await until('the caller dropped', () => leg(primary, '5551234')?.state === 'DROPPED');
    await act(primary, B, 'DROP');
    await until('B dropped', () => leg(primary, B)?.state !== 'ACTIVE');
    // With the caller and B gone, the simulator may clear the call before D's own DROP arrives: then
    // D's leg no longer offers DROP, which is the right answer, not a failure.
    const dDrop = await cc.dialogAction({ dialogId: primary, agentId: D, action: 'DROP' });
    assert.ok(dDrop.ok || leg(primary, D)?.state !== 'ACTIVE', `D DROP: ${JSON.stringify(dDrop)}`);
    // Everyone who talked on the call wraps up on it; the dialog goes when the last wrap-up ends.
    await until('A, B and D in wrap-up on the call', () => [A, B, D].every((id) => leg(primary, id)?.state === 'WRAP_UP'));
    for (const id of [A, B, D]) assert.equal((await cc.setAgentState({ agentId: id, state: 'NOT_READY' })).ok, true);
    await until('the dialog deleted', () => cc.dialog(primary) === undefined);

    // D (NOT_READY) makes a call to an external number.
    await until('D not ready', () => cc.agent(D)?.state === 'NOT_READY');
    const made = await cc.makeCall({ agentId: D, fromAddress: D, toAddress: '5550000', requestId: 'mk' });
    assert.ok(made.ok, JSON.stringify(made));
    const outbound = made.ok ? made.value.dialogId : '';
    await until('outbound active', () => cc.dialog(outbound)?.state === 'ACTIVE');
    assert.equal(cc.dialog(outbound)?.callType, 'AGENT_OUT');
    await act(outbound, D, 'DROP');
    await until('outbound gone', () => cc.dialog(outbound) === undefined);
    await until('D back to NOT_READY', () => cc.agent(D)?.state === 'NOT_READY');
  });

  it('`parley sim call` / `sim hangup` reach the running node through its admin socket', async () => {
    const s = await startTestServer();
    cleanup.push(() => s.stop());
    const { runSim } = await import('../../src/cli/admin.js');
    const io = { out: '', err: '', stdout(t: string) { io.out += t; }, stderr(t: string) { io.err += t; } };
    await until('IN_SERVICE', () => s.server.contactCenter.link().state === 'IN_SERVICE');
    assert.equal(await runSim(['call', '--queue', '2', '--ani', '5559876', '--var', 'callVariable3=vip', '--data', s.data], { io, env: {} }), 0, io.err);
    const callId = /Call (\d+) offered to queue 2 from 5559876/.exec(io.out)?.[1];
    assert.ok(callId, io.out);
    assert.equal(s.server.acd.call(Number(callId))?.callVariables[2], 'vip');
    assert.equal(await runSim(['call', '--queue', '7', '--ani', '5559876', '--data', s.data], { io, env: {} }), 2);
    assert.match(io.err, /no queue "7"; queues: 1, 2/);
    assert.equal(await runSim(['hangup', callId ?? '', '--data', s.data], { io, env: {} }), 0, io.err);
    assert.match(io.out, new RegExp(`The caller of call ${callId} hung up`));
    assert.equal(s.server.acd.call(Number(callId)), undefined, 'abandoned');
  });

  it('fails over: the A side killed → IN_SERVICE on the B side within the heartbeat budget, agents resynchronized', async (t) => {
    const heartbeatIntervalS = 1;
    const a = await startTestServer({ cti: { heartbeatIntervalS } });
    cleanup.push(() => a.stop());
    // B is another Parley node of the same deployment (same CA and certificates), its own CTI server.
    const dataB = mkdtempSync(join(tmpdir(), 'parley-test-b-'));
    cpSync(join(a.data, 'pki'), join(dataB, 'pki'), { recursive: true });
    const b = await startTestServer({ cti: { heartbeatIntervalS } }, { data: dataB });
    cleanup.push(async () => { await b.stop(); rmSync(dataB, { recursive: true, force: true }); });

    const cc = a.server.contactCenter;
    await until('A in service', () => cc.link().state === 'IN_SERVICE');
    const events: DomainEvent[] = [];
    cc.onEvent((e) => events.push(e));
    const set = a.server.ctiLink.setSide('B', { host: '127.0.0.1', port: b.ready.ports.cti!, tls: true });
    assert.ok(set.ok);
    await until('A in service again after the settings change', () => cc.link().state === 'IN_SERVICE' && events.some((e) => e.kind === 'resynchronized'));
    const resyncsBefore = a.server.contactCenter.resyncCount;
    // Different agent states on the two sides: 1001001 signed in on A, 1001005 on B.
    assert.equal((await cc.setAgentState({ agentId: A, state: 'LOGIN', extension: A })).ok, true);
    await until('A: 1001001 NOT_READY', () => cc.agent(A)?.state === 'NOT_READY');
    await until('B in service', () => b.server.contactCenter.link().state === 'IN_SERVICE');
    assert.equal((await b.server.contactCenter.setAgentState({ agentId: '1001005', state: 'LOGIN', extension: '1001005' })).ok, true);
    await until('B: 1001005 NOT_READY', () => b.server.contactCenter.agent('1001005')?.state === 'NOT_READY');
    assert.equal(cc.agent('1001005')?.state, 'LOGOUT', 'side A does not know it');
    events.length = 0;

    const killedAt = Date.now();
    await a.server.cti.close();
    await until('IN_SERVICE on B', () => cc.link().state === 'IN_SERVICE' && cc.link().side === 'B', 3 * heartbeatIntervalS * 1000 + 2000);
    const took = Date.now() - killedAt;
    assert.ok(took <= 3 * heartbeatIntervalS * 1000 + 1000, `failover took ${took} ms`);
    t.diagnostic(`A side killed → IN_SERVICE on B, agents re-read: ${took} ms`);
    const links = events.filter((e) => e.kind === 'link-changed').map((e) => (e.kind === 'link-changed' ? `${e.link.state}:${e.link.side}` : ''));
    assert.deepEqual(links, ['OUT_OF_SERVICE:A', 'IN_SERVICE:B']);
    assert.ok(events.some((e) => e.kind === 'resynchronized'), 'resynchronized after the failover');
    assert.equal(cc.resyncCount, resyncsBefore + 1);
    assert.equal(cc.agent('1001005')?.state, 'NOT_READY', 'resynchronized from side B');
    assert.equal(cc.agent('1001005')?.extension, '1001005');
    assert.equal(cc.agent(A)?.state, 'LOGOUT', 'side B has 1001001 signed out');
    assert.ok(events.some((e) => e.kind === 'agent-changed' && e.agent.agentId === '1001005' && e.agent.state === 'NOT_READY'));
    await until("B's own link and A's", () => b.server.cti.sessions.size === 2);
    const refusedWhileDown = events.findIndex((e) => e.kind === 'link-changed') < events.findIndex((e) => e.kind === 'resynchronized');
    assert.ok(refusedWhileDown, 'OUT_OF_SERVICE comes before the resynchronization');
  });

  it('`set cti side` and `sim call` through the admin words answer clearly', async () => {
    const s = await startTestServer();
    cleanup.push(() => s.stop());
    const { ctiAdminCommands } = await import('../../src/contact-center/cti/cti-admin-commands.js');
    const { createScenarioControl } = await import('../../src/contact-center/cti/sim-scenario.js');
    const control = createScenarioControl(() => s.server.acd);
    cleanup.push(() => { control.stop(); });
    const cmds = ctiAdminCommands({
      contactCenter: () => s.server.contactCenter, callSimulator: () => s.server.callSimulator, ctiLink: () => s.server.ctiLink,
      scenarios: () => ({ control, queueIds: s.server.acd.queueIds() }),
    });
    const run = async (words: string, args: string[]) => {
      const spec = cmds[words];
      const handler = typeof spec === 'function' ? spec : spec!.handler;
      return handler(args, { progress: () => {}, signal: new AbortController().signal });
    };
    let lastStatus = '';
    const runSync = (_: string): string => { void run('sim scenario', ['status']).then((r) => { lastStatus = r.output; }); return lastStatus; };
    await until('IN_SERVICE', () => s.server.contactCenter.link().state === 'IN_SERVICE');
    assert.match((await run('show cti', [])).output, /CTI link\s+IN_SERVICE \(side A\)/);
    assert.equal((await run('set cti side', ['c', 'h', '1'])).exitCode, 2);
    assert.equal((await run('set cti side', ['a', 'bad host!', '1'])).exitCode, 2);
    assert.equal((await run('set cti side', ['a', '127.0.0.1', '70000'])).exitCode, 2);
    assert.equal((await run('sim call', ['--queue', '1'])).exitCode, 2);
    assert.equal((await run('sim call', ['--queue', '1', '--ani', '5551234', '--var', 'novalue'])).exitCode, 2);
    if (hasAcd(s)) assert.match((await run('sim call', ['--queue', '99', '--ani', '5551234'])).output, /no queue "99"/);
    assert.equal((await run('sim hangup', [])).exitCode, 2);
    assert.match((await run('sim hangup', ['4242'])).output, /no such call/);

    // A short scenario on the embedded ACD: calls arrive, are answered and counted; the link sees them.
    const { writeFileSync } = await import('node:fs');
    const file = join(s.data, 'scenario.json');
    writeFileSync(file, JSON.stringify({ arrivalRatePerS: 20, handleTimeS: 0.2, abandonRate: 0, durationS: 1, answerDelayS: 0.05, wrapUpS: 0.05 }));
    assert.equal((await run('sim scenario', ['relative.json'])).exitCode, 2);
    writeFileSync(join(s.data, 'bad.json'), '{"arrivalRatePerS": -1}');
    assert.match((await run('sim scenario', [join(s.data, 'bad.json')])).output, /arrivalRatePerS must be[\s\S]*handleTimeS is required/);
    assert.match((await run('sim scenario', [file])).output, /Scenario started: 20 calls\/s/);
    await until('calls answered', () => /answered [1-9]/.test(String(runSync('status'))), 5000);
    assert.match((await run('sim scenario', ['stop'])).output, /Scenario stopped: offered \d+/);

    // The admin REST API: GET the link, PUT new settings (a bad body is refused, nothing changes).
    const api = async (method: string, path: string, body?: unknown, auth = 'admin:admin') => {
      const { request } = await import('node:https');
      const { readFileSync } = await import('node:fs');
      return new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: s.ready.ports.https, path, method, ca: readFileSync(s.ready.ca), servername: 'localhost',
          headers: { authorization: `Basic ${Buffer.from(auth).toString('base64')}`, 'content-type': 'application/json' } }, (res) => {
          let text = '';
          res.on('data', (c) => { text += c; });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text || '{}') }));
        });
        req.on('error', reject);
        req.end(body === undefined ? undefined : JSON.stringify(body));
      });
    };
    const got = await api('GET', '/admin/api/cti');
    assert.equal(got.status, 200);
    assert.equal((got.json['link'] as { state: string }).state, 'IN_SERVICE');
    assert.equal((got.json['sideA'] as { port: number }).port, s.ready.ports.cti);
    assert.equal((await api('GET', '/admin/api/cti', undefined, '1001001:agent')).status, 403);
    assert.equal((await api('PUT', '/admin/api/cti/settings', { sideA: { host: 'x y', port: 1 } })).status, 400);
    assert.equal((await api('PUT', '/admin/api/cti/settings', { sideC: null })).status, 400);
    assert.equal((await api('PUT', '/admin/api/cti/settings', { sideB: { host: 'h'.repeat(5000), port: 1 } })).status, 413, 'oversized body');
    assert.equal((await api('PUT', '/admin/api/cti/settings', [1])).status, 400);
    assert.equal((await api('POST', '/admin/api/cti/settings', {})).status, 405);
    assert.equal((await api('GET', '/admin/api/cti/nothing')).status, 404);
    assert.equal(s.server.ctiLink.sides()?.sideB, undefined, 'nothing changed by the refused requests');
    const put = await api('PUT', '/admin/api/cti/settings', { sideB: { host: '127.0.0.1', port: 1, tls: true } });
    assert.equal(put.status, 200);
    assert.deepEqual(put.json['sideB'], { host: '127.0.0.1', port: 1, tls: true });
    await until('back in service on A after the change', () => s.server.contactCenter.link().state === 'IN_SERVICE');
  });
});
