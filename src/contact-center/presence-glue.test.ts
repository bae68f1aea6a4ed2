// The glue against the real presence service and session registry (no sockets), a fake pubsub
// subscription list and a tiny in-memory contact center.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { xml, type Element } from '../xml/element.js';
import { NS_CLIENT } from '../xml/ns.js';
import { ManualClock } from '../shared/clock.js';
import { silentLogger } from '../shared/logger.js';
import { ok, type Result } from '../shared/result.js';
import { createWebservicesLog } from '../shared/webservices-log.js';
import { parseJid, type Jid } from '../xmpp/jid.js';
import { SessionRegistry, type BoundSession } from '../xmpp/session/session-registry.js';
import { createPresenceService } from '../xmpp/features/presence.js';
import type { AgentState, AgentStatus, CommandOutcome, DomainEvent, LinkStatus, SetAgentStateCommand } from './contact-center.js';
import { attachFinessePresence, attachPresenceDrivenLogout, type SubscriptionControl } from './presence-glue.js';

const D = 'fin1.ucce.local';

class FakeSession implements BoundSession {
  readonly id: string;
  readonly jid: Jid;
  readonly transportKind = 'bosh' as const;
  priority = 0;
  inbox: Element[] = [];
  constructor(full: string, public isAvailable = true) {
    this.jid = parseJid(full)!;
    this.id = full;
  }
  deliver(st: Element): void { this.inbox.push(st); }
}

class FakeContactCenter {
  readonly states = new Map<string, AgentState>();
  readonly commands: SetAgentStateCommand[] = [];
  linkStatus: LinkStatus = { state: 'IN_SERVICE', side: 'A', since: 0, reason: '' };
  readonly listeners = new Set<(e: DomainEvent) => void>();
  agent(agentId: string): AgentStatus | undefined {
    const state = this.states.get(agentId);
    return state === undefined ? undefined : { agentId, extension: agentId, state, reasonCode: null, pendingState: null, stateChangeTime: 0 };
  }
  link(): LinkStatus { return this.linkStatus; }
  async setAgentState(cmd: SetAgentStateCommand): Promise<CommandOutcome> {
    this.commands.push(cmd);
    return { ok: true, value: undefined };
  }
  onEvent(l: (e: DomainEvent) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  setLink(state: LinkStatus['state'], reason = ''): void {
    this.linkStatus = { state, side: state === 'IN_SERVICE' ? 'A' : null, since: 0, reason };
    for (const l of this.listeners) l({ kind: 'link-changed', link: this.linkStatus });
  }
}

class FakeSubscriptions implements SubscriptionControl {
  subs: { node: string; jid: string; subid: string }[] = [];
  nodeSubscriptions(_actor: unknown, node: string): Result<{ jid: string; subid: string }[]> {
    return ok(this.subs.filter((s) => s.node === node));
  }
  unsubscribe(_actor: unknown, node: string, jid: string, subid?: string): Result<void> {
    const before = this.subs.length;
    this.subs = this.subs.filter((s) => !(s.node === node && s.jid === jid && (subid === undefined || s.subid === subid)));
    return this.subs.length < before ? ok(undefined) : { ok: false, error: 'not-subscribed' };
  }
}

function setup() {
  const clock = new ManualClock();
  const dir = mkdtempSync(join(tmpdir(), 'parley-presence-glue-'));
  const log = createWebservicesLog({ dir, now: () => clock.now(), debug: () => false, host: '10.0.0.5', offsetMin: 0 });
  const registry = new SessionRegistry<FakeSession>();
  const presence = createPresenceService({ finesseJid: `finesse@${D}/finesse`, registry, deliverOffline() {}, deliver() {}, log: silentLogger });
  const cc = new FakeContactCenter();
  const subs = new FakeSubscriptions();
  const glue = attachPresenceDrivenLogout({
    notification: { domain: D, presence, registry }, pubsub: { service: subs }, contactCenter: cc, clock, graceMs: 60_000, outcome: 'logout', log,
  });
  const online = (full: string): FakeSession => {
    const s = new FakeSession(full);
    registry.add(s);
    presence.presenceChanged(s, xml('presence', { xmlns: NS_CLIENT }), true);
    return s;
  };
  /** The session ends (socket closed, BOSH idle expiry): the registry drops it first, then presence. */
  const ends = (s: FakeSession, reason = 'idle'): void => {
    s.isAvailable = false;
    registry.remove(s);
    presence.sessionEnded(s, true, reason);
  };
  const lines = (): string[] => readFileSync(log.file, 'utf8').split('\n').filter(Boolean);
  const done = (): void => { glue.stop(); rmSync(dir, { recursive: true, force: true }); };
  return { clock, log, registry, presence, cc, subs, glue, online, ends, lines, done };
}

describe('presence glue', () => {
  it('session end (BOSH idle expiry) → notification, ClientLog unsubscribe, expiry hash, forced logout: the document\'s lines in order', () => {
    const t = setup();
    t.cc.states.set('1001003', 'READY');
    const s = t.online(`1001003@${D}/desktop`);
    t.subs.subs.push({ node: '/finesse/api/User/1001003/ClientLog', jid: `1001003@${D}/desktop`, subid: 's1' });
    t.subs.subs.push({ node: '/finesse/api/User/1001004/ClientLog', jid: `1001004@${D}/desktop`, subid: 's2' });
    t.ends(s);
    t.clock.advance(60_000);
    assert.deepEqual(t.cc.commands, [{ agentId: '1001003', state: 'LOGOUT', reasonCode: 255, force: true }]);
    assert.deepEqual(t.subs.subs.map((x) => x.subid), ['s2'], 'only the departed resource\'s ClientLog subscription goes');
    const body = t.lines().map((l) => l.replace(/^\d{10}: 10\.0\.0\.5: \w{3} \d\d \d{4} \d\d:\d\d:\d\d\.\d{3} \+0000: /, ''));
    assert.deepEqual(body, [
      `%CCBU_Smack Listener Processor (1)-6-PRESENCE_NOTIFICATION_RECIEVED: %[FROM JID=1001003@${D}/desktop][PRESENCE_TYPE=available]:Finesse received a presence notifcation (PRESENCE_NOTIFICATION_RECEIVED)`,
      `%CCBU_Smack Listener Processor (1)-6-PRESENCE_NOTIFICATION_RECIEVED: %[FROM JID=1001003@${D}/desktop][PRESENCE_TYPE=unavailable]:Finesse received a presence notifcation (PRESENCE_NOTIFICATION_RECEIVED)`,
      `%CCBU_Smack Listener Processor (1)-6-UNSUBSCRIBE_REQUEST_SUCCESS: %[NodeId=/finesse/api/User/1001003/ClientLog][user_id=1001003@${D}]: Sucessfully unsubscribed from a node on the XMPP server`,
      '%CCBU_Smack Listener Processor (1)-6-AGENT_PRESENCE_MONITOR: %[message_string=Adding agent 1001003 into the expiry hash.]:',
      '%CCBU_CoreImpl-worker1-6-PRESENCE DRIVEN LOGOUT: %[agent_id=1001003]: Performing CTI Logout on basis of the agents unavailable presence',
    ]);
    assert.match(t.lines()[0]!, /^0000000001: /);
    t.done();
  });

  it('counts resources from the registry: the agent is gone only with its last resource; the bare-JID subscription goes then', () => {
    const t = setup();
    t.cc.states.set('1001005', 'NOT_READY');
    const desktop = t.online(`1001005@${D}/desktop`);
    const phone = t.online(`1001005@${D}/phone`);
    t.subs.subs.push({ node: '/finesse/api/User/1001005/ClientLog', jid: `1001005@${D}`, subid: 'bare' });
    t.ends(desktop, 'closed');
    assert.deepEqual(t.glue.monitor.expiring(), []);
    assert.equal(t.subs.subs.length, 1, 'the bare subscription stays while a resource remains');
    // The user sends unavailable on the other resource (not a session end).
    phone.isAvailable = false;
    t.presence.presenceChanged(phone, xml('presence', { xmlns: NS_CLIENT, type: 'unavailable' }), false);
    assert.deepEqual(t.glue.monitor.expiring(), ['1001005']);
    assert.equal(t.subs.subs.length, 0);
    // Back on the desktop at 59 s: cancelled.
    t.clock.advance(59_000);
    t.online(`1001005@${D}/desktop`);
    t.clock.advance(60_000);
    assert.equal(t.cc.commands.length, 0);
    assert.ok(t.lines().some((l) => l.endsWith('Removing agent 1001005 from the expiry hash: its presence is available again.]:')));
    t.done();
  });

  it('ignores the finesse user and other domains; the link coming back sends deferred logouts', () => {
    const t = setup();
    t.cc.states.set('finesse', 'READY');
    t.cc.states.set('1001006', 'READY');
    t.ends(t.online(`finesse@${D}/x`));
    t.ends(t.online(`1001006@elsewhere.example/desktop`));
    assert.deepEqual(t.glue.monitor.expiring(), []);
    assert.equal(t.lines().length, 0);
    t.cc.linkStatus = { state: 'OUT_OF_SERVICE', side: null, since: 0, reason: 'down' };
    t.ends(t.online(`1001006@${D}/desktop`));
    t.clock.advance(60_000);
    assert.deepEqual(t.glue.monitor.deferred(), ['1001006']);
    t.cc.setLink('IN_SERVICE');
    assert.equal(t.cc.commands.length, 1);
    t.done();
  });
});

describe('the finesse user\'s presence follows the contact-center link', () => {
  it('unavailable to every available session while OUT_OF_SERVICE, available again when IN_SERVICE; initial state applied', () => {
    const t = setup();
    const a = t.online(`1001001@${D}/desktop`);
    const b = t.online(`1002001@${D}/desktop`);
    const idle = new FakeSession(`1001002@${D}/desktop`, false);
    t.registry.add(idle);
    t.cc.linkStatus = { state: 'OUT_OF_SERVICE', side: null, since: 0, reason: 'connecting' };
    const stop = attachFinessePresence({ presence: t.presence, contactCenter: t.cc, log: t.log });
    const lastFinesse = (s: FakeSession) => s.inbox.filter((e) => e.attr('from') === `finesse@${D}/finesse`).at(-1);
    assert.equal(lastFinesse(a)?.attr('type'), 'unavailable', 'the initial OUT_OF_SERVICE state is applied at once');
    assert.equal(lastFinesse(b)?.attr('type'), 'unavailable');
    assert.equal(t.presence.isFinesseAvailable, false);
    // A desktop that signs in now gets no finesse presence (EventTunnel waits), until the link is up.
    const late = t.online(`1001007@${D}/desktop`);
    assert.equal(lastFinesse(late), undefined);
    t.cc.setLink('IN_SERVICE');
    for (const s of [a, b, late]) assert.equal(lastFinesse(s)?.attr('type'), undefined, 'available');
    assert.equal(idle.inbox.length, 0, 'sessions without initial presence get nothing');
    const count = a.inbox.length;
    t.cc.setLink('IN_SERVICE');
    assert.equal(a.inbox.length, count, 'no repeat when nothing changed');
    t.cc.setLink('OUT_OF_SERVICE', 'CTI server lost');
    assert.equal(lastFinesse(a)?.attr('type'), 'unavailable');
    assert.ok(t.lines().some((l) => l.includes('FINESSE_USER_PRESENCE: %[PRESENCE_TYPE=unavailable][link_state=OUT_OF_SERVICE]') && l.includes('(CTI server lost)')));
    stop();
    t.cc.setLink('IN_SERVICE');
    assert.equal(lastFinesse(a)?.attr('type'), 'unavailable', 'stopped: no longer driven');
    t.done();
  });
});
