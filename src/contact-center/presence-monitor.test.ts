import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../shared/clock.js';
import { MemoryLogger } from '../shared/logger.js';
import type { AgentState, AgentStatus, CommandOutcome, LinkStatus, SetAgentStateCommand } from './contact-center.js';
import { createPresenceMonitor, type PresenceChange, type PresenceLogoutOutcome } from './presence-monitor.js';

const D = 'fin1.ucce.local';

/** A tiny in-memory contact center: just what the monitor asks of the port. */
class FakeContactCenter {
  readonly states = new Map<string, AgentState>();
  readonly commands: SetAgentStateCommand[] = [];
  linkState: LinkStatus = { state: 'IN_SERVICE', side: 'A', since: 0, reason: '' };
  refuse = false;
  throwNow = false;
  agent(agentId: string): AgentStatus | undefined {
    const state = this.states.get(agentId);
    return state === undefined ? undefined : { agentId, extension: agentId, state, reasonCode: null, pendingState: null, stateChangeTime: 0 };
  }
  link(): LinkStatus { return this.linkState; }
  async setAgentState(cmd: SetAgentStateCommand): Promise<CommandOutcome> {
    if (this.throwNow) throw new Error('adapter exploded');
    this.commands.push(cmd);
    if (this.refuse) return { ok: false, failure: { errorType: 'Invalid State', errorMessage: 'CF_INVALID_OBJECT_STATE', errorCode: 22 } };
    this.states.set(cmd.agentId, cmd.state === 'LOGOUT' ? 'LOGOUT' : 'NOT_READY');
    return { ok: true, value: undefined };
  }
}

function setup(opts: { graceMs?: number; outcome?: PresenceLogoutOutcome } = {}) {
  const clock = new ManualClock();
  const cc = new FakeContactCenter();
  const listenerLog = new MemoryLogger();
  const workerLog = new MemoryLogger();
  const unavailable: PresenceChange[] = [];
  const monitor = createPresenceMonitor({
    clock, graceMs: opts.graceMs ?? 60_000, outcome: opts.outcome ?? 'logout', contactCenter: cc, listenerLog, workerLog,
    onUnavailable: (c) => unavailable.push(c),
  });
  const gone = (agentId: string, resource = 'desktop', availableResources = 0): void =>
    monitor.presenceChanged({ jid: `${agentId}@${D}/${resource}`, agentId, type: 'unavailable', availableResources });
  const back = (agentId: string, resource = 'desktop', availableResources = 1): void =>
    monitor.presenceChanged({ jid: `${agentId}@${D}/${resource}`, agentId, type: 'available', availableResources });
  const flush = (): Promise<void> => new Promise((r) => setImmediate(r));
  return { clock, cc, monitor, listenerLog, workerLog, unavailable, gone, back, flush };
}

describe('presence monitor (presence-driven forced logout)', () => {
  it('60 s default: unavailable, then exactly one forced LOGOUT with reason 255 and the force flag at 60 s', async () => {
    const t = setup();
    t.cc.states.set('1001003', 'READY');
    t.gone('1001003');
    assert.deepEqual(t.listenerLog.lines.map((l) => l.msg), [
      `PRESENCE_NOTIFICATION_RECIEVED: %[FROM JID=1001003@${D}/desktop][PRESENCE_TYPE=unavailable]:Finesse received a presence notifcation (PRESENCE_NOTIFICATION_RECEIVED)`,
      'AGENT_PRESENCE_MONITOR: %[message_string=Adding agent 1001003 into the expiry hash.]:',
    ]);
    assert.deepEqual(t.monitor.expiring(), ['1001003']);
    t.clock.advance(59_999);
    assert.equal(t.cc.commands.length, 0, 'nothing before the grace ends');
    t.clock.advance(1);
    assert.deepEqual(t.cc.commands, [{ agentId: '1001003', state: 'LOGOUT', reasonCode: 255, force: true }]);
    assert.deepEqual(t.workerLog.lines, [{ level: 'info', msg: 'PRESENCE DRIVEN LOGOUT: %[agent_id=1001003]: Performing CTI Logout on basis of the agents unavailable presence' }]);
    assert.deepEqual(t.monitor.expiring(), []);
    t.clock.advance(10 * 60_000);
    await t.flush();
    assert.equal(t.cc.commands.length, 1, 'exactly one');
    assert.equal(t.clock.pendingTimers, 0);
  });

  it('a reconnect at 59 s cancels the logout and says so', () => {
    const t = setup();
    t.cc.states.set('1001003', 'NOT_READY');
    t.gone('1001003');
    t.clock.advance(59_000);
    t.back('1001003');
    assert.equal(t.listenerLog.lines.at(-1)?.msg, 'AGENT_PRESENCE_MONITOR: %[message_string=Removing agent 1001003 from the expiry hash: its presence is available again.]:');
    t.clock.advance(10 * 60_000);
    assert.equal(t.cc.commands.length, 0);
    assert.equal(t.clock.pendingTimers, 0);
    // Leaving again starts a fresh 60 s grace.
    t.gone('1001003');
    t.clock.advance(59_999);
    assert.equal(t.cc.commands.length, 0);
    t.clock.advance(1);
    assert.equal(t.cc.commands.length, 1);
  });

  it('a user with two resources is gone only when the last one goes', () => {
    const t = setup();
    t.cc.states.set('1001004', 'READY');
    t.gone('1001004', 'desktop', 1); // the phone gadget's resource is still there
    assert.deepEqual(t.monitor.expiring(), []);
    assert.equal(t.listenerLog.lines.length, 1, 'the notification is logged, no expiry');
    t.clock.advance(120_000);
    t.gone('1001004', 'other', 0);
    assert.deepEqual(t.monitor.expiring(), ['1001004']);
    t.clock.advance(60_000);
    assert.equal(t.cc.commands.length, 1);
    assert.deepEqual(t.unavailable.map((c) => c.jid), [`1001004@${D}/desktop`, `1001004@${D}/other`], 'each departure reaches the glue');
  });

  it('a second unavailable while waiting does not restart the grace; an available of another resource cancels', () => {
    const t = setup();
    t.cc.states.set('1001005', 'READY');
    t.gone('1001005');
    t.clock.advance(30_000);
    t.gone('1001005', 'desktop2');
    t.clock.advance(30_000);
    assert.equal(t.cc.commands.length, 1, 'fired 60 s after the first departure');

    t.cc.states.set('1001006', 'READY');
    t.gone('1001006');
    t.back('1001006', 'laptop');
    t.clock.advance(120_000);
    assert.equal(t.cc.commands.length, 1);
  });

  it('the BOSH idle-expiry path: an unavailable without a client stanza (session closed) is handled the same', () => {
    // The glue passes the session end exactly like an unavailable presence (reason aside): what matters
    // is the presence type and that no resource remains.
    const t = setup();
    t.cc.states.set('1001003', 'READY');
    t.clock.advance(73_000); // the idle session is closed ~73 s after the last request (document timeline)
    t.gone('1001003');
    t.clock.advance(60_000);
    assert.deepEqual(t.cc.commands, [{ agentId: '1001003', state: 'LOGOUT', reasonCode: 255, force: true }]);
  });

  it('UCCE with the agent-logout setting off: NOT_READY with reason 255 instead of LOGOUT', () => {
    const t = setup({ outcome: 'not-ready' });
    t.cc.states.set('1001007', 'READY');
    t.gone('1001007');
    t.clock.advance(60_000);
    assert.deepEqual(t.cc.commands, [{ agentId: '1001007', state: 'NOT_READY', reasonCode: 255, force: true }]);
  });

  it('only signed-in agents: signed-out users, unknown ids and non-agents are not tracked', () => {
    const t = setup();
    t.cc.states.set('1001008', 'LOGOUT');
    t.gone('1001008');
    t.gone('admin');
    t.gone('../../etc/passwd');
    t.cc.states.set('1001009', 'UNKNOWN');
    t.gone('1001009');
    assert.deepEqual(t.monitor.expiring(), []);
    t.clock.advance(120_000);
    assert.equal(t.cc.commands.length, 0);
  });

  it('an agent signed out during the grace (by a supervisor) is not forced again', () => {
    const t = setup();
    t.cc.states.set('1001010', 'READY');
    t.gone('1001010');
    t.clock.advance(30_000);
    t.cc.states.set('1001010', 'LOGOUT');
    t.clock.advance(30_000);
    assert.equal(t.cc.commands.length, 0);
    assert.match(t.workerLog.lines[0]!.msg, /Agent 1001010 is no longer signed in/);
  });

  it('with the CTI link down at expiry the logout waits for the link, unless the agent comes back first', () => {
    const t = setup();
    t.cc.states.set('1001011', 'READY');
    t.cc.states.set('1001012', 'READY');
    t.cc.linkState = { state: 'OUT_OF_SERVICE', side: null, since: 0, reason: 'test' };
    t.gone('1001011');
    t.gone('1001012');
    t.clock.advance(60_000);
    assert.equal(t.cc.commands.length, 0);
    assert.deepEqual(t.monitor.deferred().sort(), ['1001011', '1001012']);
    assert.equal(t.workerLog.lines[0]?.level, 'warn');
    t.back('1001012');
    t.monitor.linkChanged('OUT_OF_SERVICE');
    assert.equal(t.cc.commands.length, 0);
    t.cc.linkState = { state: 'IN_SERVICE', side: 'B', since: 1, reason: '' };
    t.monitor.linkChanged('IN_SERVICE');
    assert.deepEqual(t.cc.commands.map((c) => c.agentId), ['1001011']);
    assert.deepEqual(t.monitor.deferred(), []);
  });

  it('a refusal or a failing adapter is logged, and the monitor keeps working', async () => {
    const t = setup();
    t.cc.states.set('1001013', 'READY');
    t.cc.refuse = true;
    t.gone('1001013');
    t.clock.advance(60_000);
    await t.flush();
    assert.ok(t.workerLog.has('warn', 'PRESENCE DRIVEN LOGOUT: %[agent_id=1001013][error_type=Invalid State][error_code=22]: CTI Logout refused: CF_INVALID_OBJECT_STATE'));
    t.cc.refuse = false;
    t.cc.throwNow = true;
    t.cc.states.set('1001014', 'READY');
    t.gone('1001014');
    t.clock.advance(60_000);
    await t.flush();
    assert.ok(t.workerLog.has('error', 'CTI Logout failed: adapter exploded'));
  });

  it('stop() cancels every pending grace', () => {
    const t = setup();
    for (let i = 1; i <= 20; i++) {
      t.cc.states.set(String(1001000 + i), 'READY');
      t.gone(String(1001000 + i));
    }
    assert.equal(t.monitor.expiring().length, 20);
    t.monitor.stop();
    t.clock.advance(120_000);
    assert.equal(t.cc.commands.length, 0);
    assert.equal(t.clock.pendingTimers, 0);
    t.gone('1001001');
    assert.equal(t.monitor.expiring().length, 0, 'a stopped monitor ignores presence');
  });

  it('a grace of 0 forces the logout on the next tick', () => {
    const t = setup({ graceMs: 0 });
    t.cc.states.set('1001015', 'TALKING');
    t.gone('1001015');
    t.clock.advance(0);
    assert.equal(t.cc.commands.length, 1);
  });
});
