// Presence-driven forced logout end to end ([notification-service] §0.6, issue 5 item 4): a desktop over
// BOSH vanishes, the notification service closes its idle session, the web services see `unavailable`,
// and after the grace the agent is forced out with reason code 255. The lines go to
// DATA/logs/desktop/webservices/Desktop-webservices.<start>.log.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ManualClock } from '../../src/shared/clock.js';
import { xml } from '../../src/xml/element.js';
import { NS_PUBSUB } from '../../src/xml/ns.js';
import { INTERNAL_ACTOR } from '../../src/pubsub/access.js';
import { createWebservicesLog } from '../../src/shared/webservices-log.js';
import { attachPresenceDrivenLogout } from '../../src/contact-center/presence-glue.js';
import type { AgentState, AgentStatus, CommandOutcome, DomainEvent, LinkStatus, SetAgentStateCommand } from '../../src/contact-center/contact-center.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { BoshTestClient } from '../helpers/bosh-client.js';
import { TestXmppClient } from '../helpers/xmpp-client.js';

const DOMAIN = 'fin1.ucce.local';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Holds a long poll and aborts it, as a closed browser tab does; resolves once the request is gone. */
async function vanish(c: BoshTestClient): Promise<void> {
  await c.send([], {}, { onRequest: (req) => setTimeout(() => req.destroy(), 150) }).catch(() => undefined);
  await sleep(100); // let the server see the socket close
}

async function until(cond: () => boolean, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A tiny in-memory contact center (the part of the port the glue uses). */
class FakeContactCenter {
  readonly states = new Map<string, AgentState>();
  readonly commands: SetAgentStateCommand[] = [];
  agent(agentId: string): AgentStatus | undefined {
    const state = this.states.get(agentId);
    return state === undefined ? undefined : { agentId, extension: agentId, state, reasonCode: null, pendingState: null, stateChangeTime: 0 };
  }
  link(): LinkStatus { return { state: 'IN_SERVICE', side: 'A', since: 0, reason: '' }; }
  async setAgentState(cmd: SetAgentStateCommand): Promise<CommandOutcome> {
    this.commands.push(cmd);
    this.states.set(cmd.agentId, 'LOGOUT');
    return { ok: true, value: undefined };
  }
  onEvent(_l: (e: DomainEvent) => void): () => void { return () => {}; }
}

describe('presence-driven logout with the 60 s defaults on an injected clock (BOSH idle expiry path)', () => {
  let ts: TestServer;
  const clock = new ManualClock(Date.now());
  before(async () => {
    // No server pings: time jumps minutes ahead while the TCP test client would not answer them.
    ts = await startTestServer({ fqdn: DOMAIN, xmpp: { pingIntervalS: 0 } }, { clock });
  });
  after(async () => {
    await ts.stop();
  });

  it('BOSH desktop vanishes → closed after 60 s → forced LOGOUT 255 exactly 60 s later; a second resource and a return cancel', async () => {
    const cc = new FakeContactCenter();
    const log = createWebservicesLog({ dir: `${ts.data}/presence-test-log`, now: () => clock.now(), debug: () => false, host: '127.0.0.1' });
    const glue = attachPresenceDrivenLogout({
      notification: ts.server.notification, pubsub: ts.server.pubsub, contactCenter: cc, clock, graceMs: 60_000, outcome: 'logout', log,
    });
    const registry = ts.server.notification.registry;

    // 1. One BOSH desktop, signed in and READY, subscribed to its ClientLog node.
    cc.states.set('1001010', 'READY');
    const desktop = new BoshTestClient({ port: ts.ready.ports.notification!, ca: ts.ready.ca, domain: DOMAIN });
    await desktop.login('1001010', 'agent', 'desktop');
    await until(() => registry.isAvailable(`1001010@${DOMAIN}`), 'available presence');
    const clientLog = '/finesse/api/User/1001010/ClientLog';
    assert.ok(ts.server.pubsub.service.subscribe(INTERNAL_ACTOR, clientLog, `1001010@${DOMAIN}/desktop`).ok);
    await vanish(desktop);
    clock.advance(59_999);
    assert.deepEqual(glue.monitor.expiring(), [], 'the session is still open');
    clock.advance(1); // inactivity 60 s: the idle session is closed, presence unavailable
    assert.deepEqual(glue.monitor.expiring(), ['1001010']);
    const subs = ts.server.pubsub.service.nodeSubscriptions(INTERNAL_ACTOR, clientLog);
    assert.ok(subs.ok && subs.value.length === 0, 'the ClientLog subscription was removed');
    clock.advance(59_999);
    assert.equal(cc.commands.length, 0);
    clock.advance(1);
    assert.deepEqual(cc.commands, [{ agentId: '1001010', state: 'LOGOUT', reasonCode: 255, force: true }]);
    clock.advance(600_000);
    assert.equal(cc.commands.length, 1, 'exactly one forced logout');

    const lines = readFileSync(log.file, 'utf8').split('\n').filter((l) => l.includes('1001010'));
    const mnemonics = lines.map((l) => /%CCBU_.+?-\d-([A-Z_ ]+):/.exec(l)?.[1]);
    assert.deepEqual(mnemonics, [
      'PRESENCE_NOTIFICATION_RECIEVED', // available at sign-in
      'PRESENCE_NOTIFICATION_RECIEVED', // unavailable at the idle closure
      'AGENT_PRESENCE_MONITOR',
      'PRESENCE DRIVEN LOGOUT',
    ], lines.join('\n'));
    // The server's own glue (wired in buildServer) saw it too and removed the ClientLog subscription first.
    const serverLog = readFileSync(ts.server.webservicesLog.file, 'utf8');
    assert.match(serverLog, new RegExp(`-6-UNSUBSCRIBE_REQUEST_SUCCESS: %\\[NodeId=${clientLog}\\]\\[user_id=1001010@${DOMAIN}\\]: Sucessfully unsubscribed from a node on the XMPP server\n`));
    assert.match(lines[1]!, new RegExp(`^\\d{10}: 127\\.0\\.0\\.1: \\w{3} \\d\\d \\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{3} [+-]\\d{4}: %CCBU_Smack Listener Processor \\(1\\)-6-PRESENCE_NOTIFICATION_RECIEVED: %\\[FROM JID=1001010@${DOMAIN}/desktop\\]\\[PRESENCE_TYPE=unavailable\\]:Finesse received a presence notifcation \\(PRESENCE_NOTIFICATION_RECEIVED\\)$`));

    // 2. Two resources (TCP + BOSH): the agent is gone only when the last one goes; a return at 59 s cancels.
    cc.states.set('1001011', 'NOT_READY');
    const tcp = { port: ts.ready.ports.xmpp!, ca: ts.ready.ca, domain: DOMAIN };
    const phone = await TestXmppClient.login({ ...tcp, username: '1001011', password: 'agent', resource: 'phone' });
    const desktop2 = new BoshTestClient({ port: ts.ready.ports.notification!, ca: ts.ready.ca, domain: DOMAIN });
    await desktop2.login('1001011', 'agent', 'desktop');
    await until(() => registry.availableSessionsOf(`1001011@${DOMAIN}`).length === 2, 'two available resources');
    phone.close();
    await until(() => registry.availableSessionsOf(`1001011@${DOMAIN}`).length === 1, 'the TCP resource gone');
    assert.deepEqual(glue.monitor.expiring(), [], 'one resource remains');
    await vanish(desktop2);
    clock.advance(60_000);
    assert.deepEqual(glue.monitor.expiring(), ['1001011']);
    clock.advance(59_000);
    const back = await TestXmppClient.login({ ...tcp, username: '1001011', password: 'agent', resource: 'desktop' });
    await until(() => glue.monitor.expiring().length === 0, 'the return cancels');
    clock.advance(600_000);
    assert.equal(cc.commands.length, 1, 'no logout for 1001011');
    back.close();
    glue.stop();
  });
});

describe('presence-driven logout in real time with the real contact center (grace 1 s, inactivity 2 s)', () => {
  let ts: TestServer;
  before(async () => {
    ts = await startTestServer({ fqdn: DOMAIN, logoutGrace: 1, inactivity: 2 });
    await until(() => ts.server.contactCenter.link().state === 'IN_SERVICE', 'the CTI link in service', 10_000);
  });
  after(async () => {
    await ts.stop();
  });

  const signInReady = async (agentId: string): Promise<void> => {
    const cc = ts.server.contactCenter;
    const login = await cc.setAgentState({ agentId, state: 'LOGIN', extension: agentId });
    assert.ok(login.ok, JSON.stringify(login));
    await until(() => cc.agent(agentId)?.state === 'NOT_READY', `${agentId} NOT_READY`);
    const ready = await cc.setAgentState({ agentId, state: 'READY' });
    assert.ok(ready.ok, JSON.stringify(ready));
    await until(() => cc.agent(agentId)?.state === 'READY', `${agentId} READY`);
  };
  const webservicesLines = (agentId: string): string[] =>
    readFileSync(ts.server.webservicesLog.file, 'utf8').split('\n').filter((l) => l.includes(agentId));

  it('an agent signed in over XMPP, READY, closes its session: LOGOUT with reason 255 after the grace, the trail in the web-services log', async () => {
    const agentId = '1001003';
    // A supervisor of team 1 watches the team's users node (finesse.js subscribes explicitly, §5.4).
    const supervisor = await TestXmppClient.login({ port: ts.ready.ports.xmpp!, ca: ts.ready.ca, domain: DOMAIN, username: '1002001', password: 'supervisor', resource: 'desktop' });
    const teamNode = '/finesse/api/Team/1/Users';
    const sub = await supervisor.iq(xml('iq', { type: 'set', to: `pubsub.${DOMAIN}`, id: 'team1' },
      xml('pubsub', { xmlns: NS_PUBSUB }, xml('subscribe', { node: teamNode, jid: `1002001@${DOMAIN}/desktop` }))));
    assert.equal(sub.attr('type'), 'result', String(sub));
    const client = await TestXmppClient.login({ port: ts.ready.ports.xmpp!, ca: ts.ready.ca, domain: DOMAIN, username: agentId, password: 'agent', resource: 'desktop' });
    const finesse = await client.waitFor((el) => el.is('presence') && el.attr('from') === `finesse@${DOMAIN}/finesse`);
    assert.equal(finesse.attr('type'), undefined, 'the finesse user is available while the link is in service');
    await signInReady(agentId);

    const closedAt = Date.now();
    client.close();
    await until(() => ts.server.contactCenter.agent(agentId)?.state === 'LOGOUT', 'the forced logout', 5_000);
    const elapsed = Date.now() - closedAt;
    assert.ok(elapsed >= 900 && elapsed < 4_000, `forced out ${elapsed} ms after the session closed`);
    assert.equal(ts.server.contactCenter.agent(agentId)?.reasonCode, 255);
    // The supervisor sees it on the team node: the escaped <Update> carries LOGOUT and reason code 255.
    const seen = await supervisor.waitFor((el) => el.is('message') && String(el).includes(`node="${teamNode}"`) &&
      String(el).includes(`&lt;loginId&gt;${agentId}&lt;/loginId&gt;`) && String(el).includes('&lt;state&gt;LOGOUT&lt;/state&gt;'));
    assert.ok(String(seen).includes('&lt;code&gt;255&lt;/code&gt;'), String(seen));
    supervisor.close();

    await until(() => webservicesLines(agentId).some((l) => l.includes('DECODED_MESSAGE_FROM_CTI_SERVER') && l.includes('eventReasonCode=255')), 'the AgentStateEvent line');
    const lines = webservicesLines(agentId);
    const at = (re: RegExp): number => {
      const i = lines.findIndex((l) => re.test(l));
      assert.ok(i >= 0, `${re} in\n${lines.join('\n')}`);
      return i;
    };
    const order = [
      at(new RegExp(`-6-PRESENCE_NOTIFICATION_RECIEVED: %\\[FROM JID=${agentId}@${DOMAIN}/desktop\\]\\[PRESENCE_TYPE=unavailable\\]:Finesse received a presence notifcation \\(PRESENCE_NOTIFICATION_RECEIVED\\)$`)),
      at(new RegExp(`-6-AGENT_PRESENCE_MONITOR: %\\[message_string=Adding agent ${agentId} into the expiry hash\\.\\]:$`)),
      at(new RegExp(`-6-PRESENCE DRIVEN LOGOUT: %\\[agent_id=${agentId}\\]: Performing CTI Logout on basis of the agents unavailable presence$`)),
      at(/MESSAGE_TO_CTI_SERVER: .*reason code: 255, forceflag :1.*\[cti_message_name=SetAgentStateReq\]/),
      at(/DECODED_MESSAGE_FROM_CTI_SERVER: .*agentState=1 \(LOGOUT\), eventReasonCode=255/),
    ];
    assert.deepEqual([...order].sort((a, b) => a - b), order, lines.join('\n'));
    assert.match(lines[order[0]!]!, /^\d{10}: [0-9a-f.:]+: \w{3} \d\d \d{4} \d\d:\d\d:\d\d\.\d{3} [+-]\d{4}: %CCBU_Smack Listener Processor \(1\)-6-/);
  });

  it('BOSH idle expiry in real time: a vanished desktop is closed after 2 s and forced out 1 s later', async () => {
    const agentId = '1001004';
    const desktop = new BoshTestClient({ port: ts.ready.ports.notification!, ca: ts.ready.ca, domain: DOMAIN });
    await desktop.login(agentId, 'agent', 'desktop');
    await until(() => ts.server.notification.registry.isAvailable(`${agentId}@${DOMAIN}`), 'available presence');
    await signInReady(agentId);
    await vanish(desktop);
    const vanishedAt = Date.now();
    await until(() => ts.server.contactCenter.agent(agentId)?.state === 'LOGOUT', 'the forced logout', 8_000);
    const elapsed = Date.now() - vanishedAt;
    assert.ok(elapsed >= 2_700 && elapsed < 6_000, `forced out ${elapsed} ms after the desktop vanished`);
    assert.equal(ts.server.contactCenter.agent(agentId)?.reasonCode, 255);
  });

  it('a desktop that comes back within the grace stays signed in', async () => {
    const agentId = '1001005';
    const tcp = { port: ts.ready.ports.xmpp!, ca: ts.ready.ca, domain: DOMAIN, username: agentId, password: 'agent', resource: 'desktop' };
    const first = await TestXmppClient.login(tcp);
    await until(() => ts.server.notification.registry.isAvailable(`${agentId}@${DOMAIN}`), 'available presence');
    await signInReady(agentId);
    first.close();
    await until(() => ts.server.notification.registry.availableSessionsOf(`${agentId}@${DOMAIN}`).length === 0, 'gone');
    const again = await TestXmppClient.login(tcp);
    await until(() => ts.server.notification.registry.isAvailable(`${agentId}@${DOMAIN}`), 'back');
    await sleep(1_500);
    assert.equal(ts.server.contactCenter.agent(agentId)?.state, 'READY');
    assert.ok(webservicesLines(agentId).some((l) => l.includes(`Removing agent ${agentId} from the expiry hash`)));
    again.close();
  });
});

describe('presence-driven logout, UCCE without agent logout (agents.presenceLogout = not-ready)', () => {
  it('the vanished agent goes NOT_READY with reason 255 and stays signed in', async () => {
    const ts = await startTestServer({ fqdn: DOMAIN, logoutGrace: 1, agents: { presenceLogout: 'not-ready' } });
    try {
      const cc = ts.server.contactCenter;
      await until(() => cc.link().state === 'IN_SERVICE', 'the CTI link in service', 10_000);
      const agentId = '1001006';
      const client = await TestXmppClient.login({ port: ts.ready.ports.xmpp!, ca: ts.ready.ca, domain: DOMAIN, username: agentId, password: 'agent', resource: 'desktop' });
      await until(() => ts.server.notification.registry.isAvailable(`${agentId}@${DOMAIN}`), 'available presence');
      assert.ok((await cc.setAgentState({ agentId, state: 'LOGIN', extension: agentId })).ok);
      await until(() => cc.agent(agentId)?.state === 'NOT_READY', 'NOT_READY after sign-in');
      assert.ok((await cc.setAgentState({ agentId, state: 'READY' })).ok);
      await until(() => cc.agent(agentId)?.state === 'READY', 'READY');
      client.close();
      await until(() => cc.agent(agentId)?.reasonCode === 255, 'the forced NOT_READY', 5_000);
      assert.equal(cc.agent(agentId)?.state, 'NOT_READY');
      assert.equal(cc.agent(agentId)?.extension, agentId, 'still signed in');
    } finally {
      await ts.stop();
    }
  });
});
