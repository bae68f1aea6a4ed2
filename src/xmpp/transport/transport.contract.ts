// The contract every XMPP transport passes ([style] §6.7, §6.16): TCP, BOSH and WebSocket are adapters
// onto one C2sSession, so the same scenarios must hold over each of them, end to end against a real
// server. Each transport's test file runs it in a few lines with its ContractClient
// (test/helpers/transport-client.ts) and the settings that make its liveness checks fast:
//
//   runTransportContract({ name: 'TCP', connect: tcpContractClient,
//     settings: { xmpp: { pingIntervalS: 1, pingTimeoutS: 1 } },
//     liveness: { silentWithinMs: 2_000, silentReason: /connection-timeout/ } });
//
// One server per transport; every scenario uses its own users, so a scenario never sees another's
// traffic, and the scenarios that wait for a server timer (liveness) run side by side. A scenario a
// transport does not pass yet is listed in its `todo` with the reason (it still runs, its failure is
// reported without failing the suite); nothing is skipped silently.
//
// This is test code kept next to what it specifies, as stores.contract.ts is; it builds on the test
// helpers (test-server, presence, transport-client).
//
// [RFC6120] https://www.rfc-editor.org/rfc/rfc6120  [XEP-0199] https://xmpp.org/extensions/xep-0199.html
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { xml, type Element } from '../../xml/element.js';
import { NS_DELAY, NS_DISCO_INFO, NS_PING, NS_PUBSUB, NS_PUBSUB_EVENT, NS_STANZAS } from '../../xml/ns.js';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';
import type { ContractClient, ContractClientFactory } from '../../../test/helpers/transport-client.js';
import { nextPresence } from '../../../test/helpers/presence.js';

export type Scenario =
  | 'login' | 'wrong-password' | 'iq' | 'presence' | 'pubsub' | 'message' | 'invalid-from' | 'unsupported-stanza'
  | 'clean-close' | 'vanished' | 'silent' | 'silent-undelivered' | 'conflict' | 'offline';

export interface TransportContractOptions {
  /** Shown in the suite title: `transport contract: <name>`. */
  name: string;
  /** A new, not yet connected client of this transport on `ts`. */
  connect: ContractClientFactory;
  /** Server settings (config-file object) for this transport's server, e.g. short liveness timers. */
  settings?: Record<string, unknown>;
  liveness: {
    /**
     * The longest the server may take, with `settings`, to end the session of a silent peer
     * (`goSilent`), and of a vanished one (`vanish`), which may be noticed at once. Scheduling slack is
     * added by the contract.
     */
    silentWithinMs: number;
    /** How the server explains the end of a silent peer's session (the unavailable presence's reason). */
    silentReason: RegExp;
  };
  /** Scenarios this transport does not pass yet, each with the reason (node:test `todo`). */
  todo?: Partial<Record<Scenario, string>>;
}

/** What a scenario gets: clients that are dropped after it, whatever happened. */
interface Peers {
  /** A fresh, not yet connected client of the transport. */
  client(): ContractClient;
  /** A client logged in (password `agent`) with initial presence, once the finesse contact's presence came back. */
  online(user: string, resource?: string): Promise<{ c: ContractClient; jid: string }>;
}

/** Timers fire late under load; this much is added to every liveness bound. */
const SLACK_MS = 1_500;
const bareOf = (jid: string): string => jid.split('/')[0]!;

export function runTransportContract(opts: TransportContractOptions): void {
  describe(`transport contract: ${opts.name}`, () => {
    let ts: TestServer;
    /** The server's XMPP domain (its fqdn) and its pubsub service. */
    let domain = '';
    let pubsub = '';
    const isFinessePresence = (el: Element): boolean => el.is('presence') && (el.attr('from') ?? '').startsWith(`finesse@${domain}/`);
    const scenario = (id: Scenario, title: string, fn: (peers: Peers) => Promise<void>): void => {
      const todo = opts.todo?.[id];
      it(title, todo === undefined ? {} : { todo }, async () => {
        const open: ContractClient[] = [];
        const client = (): ContractClient => {
          const c = opts.connect(ts);
          open.push(c);
          return c;
        };
        const online = async (user: string, resource?: string): Promise<{ c: ContractClient; jid: string }> => {
          const c = client();
          const jid = await c.login(user, 'agent', resource);
          c.send(xml('presence'));
          await c.waitFor(isFinessePresence);
          return { c, jid };
        };
        try {
          await fn({ client, online });
        } finally {
          for (const c of open) c.vanish(); // whatever the scenario left open, even after a failure
        }
      });
    };

    before(async () => {
      ts = await startTestServer(opts.settings ?? {});
      domain = ts.server.notification.domain;
      pubsub = `pubsub.${domain}`;
    });
    after(async () => {
      await ts?.stop();
    });

    scenario('login', 'opens a stream, authenticates (SASL PLAIN) and binds the requested or a server-chosen resource', async ({ client }) => {
      const named = client();
      assert.equal(await named.login('1001001', 'agent', 'contract'), `1001001@${domain}/contract`);
      assert.ok(ts.server.notification.registry.get(`1001001@${domain}/contract`), 'the bound session is registered');
      const unnamed = client();
      assert.match(await unnamed.login('1001001', 'agent'), new RegExp(`^1001001@${domain}/.+$`));
      await named.close();
      await unnamed.close();
    });

    scenario('wrong-password', 'refuses a wrong password', async ({ client }) => {
      await assert.rejects(client().login('1001001', 'not-the-password', 'contract'), /auth failed/);
      assert.equal(ts.server.notification.registry.get(`1001001@${domain}/contract`), undefined);
    });

    scenario('iq', 'round-trips IQs with the server: XEP-0199 ping, disco#info, and an error for an unknown namespace', async ({ client }) => {
      const c = client();
      const jid = await c.login('1001002', 'agent', 'iq');
      const pong = await c.iq(xml('iq', { type: 'get', to: domain }, xml('ping', { xmlns: NS_PING })));
      assert.equal(pong.attr('type'), 'result', String(pong));
      assert.equal(pong.attr('from'), domain);
      assert.equal(pong.attr('to'), jid);
      const info = await c.iq(xml('iq', { type: 'get', to: domain }, xml('query', { xmlns: NS_DISCO_INFO })));
      const query = info.getChild('query', NS_DISCO_INFO);
      assert.equal(query?.getChild('identity')?.attr('category'), 'server', String(info));
      assert.ok(query!.getChildren('feature').some((f) => f.attr('var') === NS_PING), 'XEP-0199 advertised');
      const unknown = await c.iq(xml('iq', { type: 'get', to: domain }, xml('query', { xmlns: 'urn:example:nothing' })));
      assert.equal(unknown.attr('type'), 'error');
      assert.ok(unknown.getChild('error')?.getChild('service-unavailable', NS_STANZAS), String(unknown));
      await c.close();
    });

    scenario('presence', 'answers initial presence with the finesse contact\'s available presence; observers see it', async ({ client }) => {
      const c = client();
      const jid = await c.login('1001003', 'agent', 'presence');
      const seen = nextPresence(ts, jid, 'available');
      c.send(xml('presence'));
      const finesse = await c.waitFor(isFinessePresence);
      assert.equal(finesse.attr('type'), undefined, 'available');
      assert.equal(finesse.attr('to'), jid);
      assert.equal((await seen).initial, true);
      await c.close();
    });

    scenario('pubsub', 'delivers a pubsub event published on the user\'s node, the <Update> escaped as text', async ({ online }) => {
      const { c, jid } = await online('1001004', 'pubsub');
      const node = '/finesse/api/User/1001004';
      const update = `<Update><data><user><state>READY</state></user></data><event>PUT</event><requestId>contract-${opts.name}</requestId><source>${node}</source></Update>`;
      ts.server.pubsub.publishInternal(node, update);
      const m = await c.waitFor((el) => el.is('message') && el.attr('from') === pubsub);
      assert.equal(m.attr('to'), bareOf(jid), 'to the bare JID, as Finesse sends it');
      const items = m.getChild('event', NS_PUBSUB_EVENT)?.getChild('items');
      assert.equal(items?.attr('node'), node);
      const notification = items?.getChild('item')?.getChild('notification', NS_PUBSUB);
      assert.equal(notification?.elements().length, 0, 'the <Update> is text, not elements');
      assert.equal(notification?.text(), update);
      await c.close();
    });

    scenario('message', 'routes a chat message between two users on this transport', async ({ online }) => {
      const a = await online('1001013', 'message');
      const b = await online('1001014', 'message');
      b.c.send(xml('message', { to: bareOf(a.jid), type: 'chat', id: 'hello' }, xml('body', null, `hello over ${opts.name}`)));
      const m = await a.c.waitFor((el) => el.is('message') && el.attr('id') === 'hello');
      assert.equal(m.attr('from'), b.jid, 'the server stamps the sender\'s full JID');
      assert.equal(m.getChildText('body'), `hello over ${opts.name}`);
      await a.c.close();
      await b.c.close();
    });

    scenario('invalid-from', 'ends the stream with invalid-from when the client forges `from`; observers see unavailable', async ({ online }) => {
      const { c, jid } = await online('1001005', 'forger');
      const gone = nextPresence(ts, jid, 'unavailable');
      c.send(xml('message', { from: `1001099@${domain}/someone`, to: `1001001@${domain}`, type: 'chat' }, xml('body', null, 'forged')));
      const closure = await c.closedByServer();
      assert.equal(closure.streamError, 'invalid-from', closure.detail);
      assert.ok(closure.graceful, `the stream is closed after the error: ${closure.detail}`);
      assert.match((await gone).reason ?? '', /invalid-from/);
      assert.equal(ts.server.notification.offline.count(`1001001@${domain}`), 0, 'the forged message went nowhere');
    });

    scenario('unsupported-stanza', 'ends the stream with unsupported-stanza-type for a top-level element that is no stanza', async ({ client }) => {
      const c = client();
      const jid = await c.login('1001006', 'agent', 'odd');
      const seen: string[] = [];
      const off = ts.server.notification.presence.onPresence((e) => { if (e.jid.full === jid) seen.push(e.type); });
      c.send(xml('foo', null, xml('bar')));
      const closure = await c.closedByServer();
      off();
      assert.equal(closure.streamError, 'unsupported-stanza-type', closure.detail);
      assert.ok(closure.graceful, `the stream is closed after the error: ${closure.detail}`);
      // The server ends the session before it ends the connection, so this is final.
      assert.equal(ts.server.notification.registry.get(jid), undefined, 'the session is gone');
      assert.deepEqual(seen, [], 'never available, so no unavailable presence either');
    });

    scenario('clean-close', 'closes cleanly: the server closes its side too; observers and the user\'s other resources see unavailable', async ({ online }) => {
      const other = await online('1001007', 'other');
      const { c, jid } = await online('1001007', 'clean');
      const available = await other.c.waitFor((el) => el.is('presence') && el.attr('from') === jid);
      assert.equal(available.attr('type'), undefined, 'the other resource saw it arrive');
      const gone = nextPresence(ts, jid, 'unavailable');
      await c.close();
      const e = await gone;
      assert.ok(e.reason, 'the session\'s end, not a client\'s unavailable presence');
      assert.equal(ts.server.notification.registry.get(jid), undefined);
      const left = await other.c.waitFor((el) => el.is('presence') && el.attr('from') === jid && el.attr('type') === 'unavailable');
      assert.equal(left.attr('to'), other.jid);
      await other.c.close();
    });

    // Each waits for a server timer; they run side by side (their own users) to keep the suite short.
    describe('liveness', { concurrency: true }, () => {
      scenario('vanished', 'ends the session of a peer whose connection vanished; unavailable goes out, and what comes meanwhile is stored', async ({ online }) => {
        const { c, jid } = await online('1001008', 'vanish');
        const gone = nextPresence(ts, jid, 'unavailable', opts.liveness.silentWithinMs + SLACK_MS);
        c.vanish();
        assert.ok((await gone).reason);
        assert.equal(ts.server.notification.registry.get(jid), undefined, 'no stale session left to swallow stanzas');
        const node = '/finesse/api/User/1001008';
        ts.server.pubsub.publishInternal(node, '<Update><event>PUT</event><source>while-vanished</source></Update>');
        assert.equal(ts.server.notification.offline.count(bareOf(jid)), 1, 'the event waits in offline storage');
        const back = await online('1001008', 'vanish');
        const m = await back.c.waitFor((el) => el.is('message') && el.attr('from') === pubsub);
        assert.match(m.getChild('event', NS_PUBSUB_EVENT)?.getChild('items')?.getChild('item')?.getChild('notification', NS_PUBSUB)?.text() ?? '', /while-vanished/);
        assert.ok(m.getChild('delay', NS_DELAY), 'delivered from offline storage');
        await back.c.close();
      });

      scenario('silent', 'ends the session of a peer that stays connected but answers nothing, within the configured time', async ({ online }) => {
        const { c, jid } = await online('1001009', 'silent');
        const gone = nextPresence(ts, jid, 'unavailable', opts.liveness.silentWithinMs + SLACK_MS);
        const t0 = Date.now();
        c.goSilent();
        const e = await gone;
        assert.match(e.reason ?? '', opts.liveness.silentReason, `ended after ${e.at - t0} ms`);
        assert.equal(ts.server.notification.registry.get(jid), undefined);
      });

      scenario('silent-undelivered', 'keeps what was sent to a silent peer before the server noticed: stored offline, delivered at the next login', async ({ online }) => {
        const { c, jid } = await online('1001015', 'frozen');
        const gone = nextPresence(ts, jid, 'unavailable', opts.liveness.silentWithinMs + SLACK_MS);
        c.goSilent();
        ts.server.pubsub.publishInternal('/finesse/api/User/1001015', '<Update><event>PUT</event><source>while-silent</source></Update>');
        await gone;
        // At least once: the peer may have received it before it went quiet, the server cannot know.
        assert.ok(ts.server.notification.offline.count(bareOf(jid)) >= 1, 'the event was not lost with the connection');
        const back = await online('1001015', 'frozen');
        const m = await back.c.waitFor((el) => el.is('message') && el.attr('from') === pubsub);
        assert.match(m.getChild('event', NS_PUBSUB_EVENT)?.getChild('items')?.getChild('item')?.getChild('notification', NS_PUBSUB)?.text() ?? '', /while-silent/);
        await back.c.close();
      });
    });

    scenario('conflict', 'kicks the first session with conflict when the same full JID logs in again', async ({ client, online }) => {
      const first = await online('1001010', 'desktop');
      const gone = nextPresence(ts, first.jid, 'unavailable');
      const second = client();
      assert.equal(await second.login('1001010', 'agent', 'desktop'), first.jid);
      const closure = await first.c.closedByServer();
      assert.equal(closure.streamError, 'conflict', closure.detail);
      assert.ok(closure.graceful, `the stream is closed after the error: ${closure.detail}`);
      assert.match((await gone).reason ?? '', /conflict/);
      const pong = await second.iq(xml('iq', { type: 'get', to: domain }, xml('ping', { xmlns: NS_PING })));
      assert.equal(pong.attr('type'), 'result', 'the new session is the one registered');
      await second.close();
    });

    scenario('offline', 'stores a message for a user whose session is gone and delivers it, delayed, at the next login', async ({ online }) => {
      const away = await online('1001011', 'desktop');
      const gone = nextPresence(ts, away.jid, 'unavailable');
      await away.c.close();
      await gone;
      const sender = await online('1001012', 'sender');
      sender.c.send(xml('message', { to: away.jid, type: 'chat', id: 'while-away' }, xml('body', null, 'are you there?')));
      // The server handles a session's stanzas in order: once the ping is answered, the message was routed.
      await sender.c.iq(xml('iq', { type: 'get', to: domain }, xml('ping', { xmlns: NS_PING })));
      assert.equal(ts.server.notification.offline.count(bareOf(away.jid)), 1, 'stored offline');
      const back = await online('1001011', 'desktop');
      const m = await back.c.waitFor((el) => el.is('message') && el.attr('id') === 'while-away');
      assert.equal(m.attr('from'), sender.jid);
      assert.equal(m.getChildText('body'), 'are you there?');
      assert.ok(m.getChild('delay', NS_DELAY)?.attr('stamp'), 'XEP-0203 delay');
      assert.equal(ts.server.notification.offline.count(bareOf(away.jid)), 0, 'taken out of storage');
      await sender.c.close();
      await back.c.close();
    });
  });
}
