// The desktop model without a browser: plain-words sign-in errors, and dialogs kept in step with events.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DesktopModel } from '../../web/desktop/model.js';
import { FinesseSession } from '../../web/lib/session.js';
import type { FetchLike } from '../../web/lib/rest-client.js';
import { FakeWs, ManualTimers, parser, serverAcceptsLogin, updateFrame } from './fakes.js';

const dialog = (id: string, agentLeg: string, state = 'ACTIVE') =>
  `<Dialog><id>${id}</id><state>${state}</state><fromAddress>5551234</fromAddress><participants>
    <Participant><mediaAddress>5551234</mediaAddress><state>ACTIVE</state><actions/></Participant>
    <Participant><mediaAddress>1001001</mediaAddress><mediaAddressType>AGENT_DEVICE</mediaAddressType><state>${agentLeg}</state><actions><action>UPDATE_CALL_DATA</action></actions></Participant>
  </participants><uri>/finesse/api/Dialog/${id}</uri></Dialog>`;

/** In a PUT event the Dialog object's root is lower-camel <dialog> (finesse-api.md §4.2). */
const asEvent = (xml: string) => xml.replace(/^<Dialog>/, '<dialog>').replace(/<\/Dialog>$/, '</dialog>');

describe('DesktopModel', () => {
  const model = (locale: 'en' | 'es' = 'en') => new DesktopModel(locale, () => { throw new Error('no session in this test'); });

  test('sign-in failures in plain words, English and Spanish', () => {
    const m = model();
    const http = (status: number, errorType = '', errorMessage = '') => ({ kind: 'http' as const, status, errors: errorType ? [{ errorType, errorMessage, errorData: '' }] : [], text: '' });
    assert.match(m.signInError(http(401, 'Authorization Failure', 'UNAUTHORIZED'), '1'), /user ID or password is not right/);
    assert.match(m.signInError(http(503, 'Service Unavailable', 'SERVER_OUT_OF_SERVICE'), '1'), /out of service right now \(503\)/);
    assert.match(m.signInError(http(400, 'Bad Request', 'Extension in use by another user'), '1001010'), /Extension 1001010 is already in use/);
    assert.match(m.signInError(http(400, 'Bad Request', 'Invalid extension'), 'abc'), /abc is not a valid extension/);
    assert.match(m.signInError(http(400, 'Invalid Input', 'something else'), '7'), /refused extension 7: Invalid Input something else/);
    assert.match(m.signInError({ kind: 'network', message: 'x' }, '1'), /cannot be reached/);
    assert.match(m.signInError({ kind: 'timeout', ms: 1 }, '1'), /did not confirm/);
    assert.match(model('es').signInError(http(503), '1'), /fuera de servicio/);
  });

  test('dialogs follow events; a call the agent has left disappears; the wrap-up target is the live call', async () => {
    const timers = new ManualTimers();
    const sockets: FakeWs[] = [];
    const fetch: FetchLike = async (url) => ({ status: 200, headers: { get: () => null }, text: async () => url.endsWith('/SystemInfo')
      ? '<SystemInfo><status>IN_SERVICE</status><xmppDomain>localhost</xmppDomain></SystemInfo>'
      : url.endsWith('/Dialogs') ? '<Dialogs/>' : url.includes('/ReasonCodes') ? '<ReasonCodes/>' : url.endsWith('/WrapUpReasons') ? '<WrapUpReasons/>' : url.endsWith('/Queues') ? '<Queues/>'
      : '<User><loginId>1001001</loginId><extension>1001001</extension><state>TALKING</state><roles><role>Agent</role></roles></User>' });
    const session = new FinesseSession({
      credentials: { id: '1001001', password: 'agent' }, page: { protocol: 'https:', hostname: 'localhost', port: '8445' },
      fetch, parser, timers, ws: (u, p) => { const w = new FakeWs(u, p); sockets.push(w); return w; },
      now: () => timers.now, random: () => 0.5, newRequestId: () => 'r', clientOffsetMinutes: () => 0,
    });
    const saved = globalThis.fetch;
    globalThis.fetch = (async () => new Response('{"id":"1001001","roles":["agent"]}', { status: 200 })) as typeof globalThis.fetch;
    try {
      const m = new DesktopModel('en', () => session);
      const signingIn = m.signIn('1001001', 'agent', '1001001');
      for (let i = 0; i < 20 && !sockets[0]; i++) await new Promise((r) => setImmediate(r));
      serverAcceptsLogin(sockets[0]!);
      await signingIn;
      assert.equal(m.phase, 'desktop');
      const ws = sockets[0]!;
      ws.receive(updateFrame('/finesse/api/User/1001001/Dialogs', `<Update><event>POST</event><data><dialogs>${dialog('7', 'ACTIVE')}</dialogs></data><source>/finesse/api/User/1001001/Dialogs</source></Update>`));
      assert.deepEqual([...m.dialogs.keys()], ['7']);
      assert.equal(m.wrapUpDialog()?.id, '7');
      ws.receive(updateFrame('/finesse/api/User/1001001/Dialogs', `<Update><event>PUT</event><data>${asEvent(dialog('7', 'WRAP_UP'))}</data><source>/finesse/api/Dialog/7</source></Update>`));
      assert.equal(m.myParticipant(m.dialogs.get('7')!)?.state, 'WRAP_UP');
      ws.receive(updateFrame('/finesse/api/User/1001001/Dialogs', `<Update><event>PUT</event><data>${asEvent(dialog('7', 'DROPPED'))}</data><source>/finesse/api/Dialog/7</source></Update>`));
      assert.equal(m.dialogs.size, 0);
      ws.receive(updateFrame('/finesse/api/User/1001001/Dialogs', '<Update><event>PUT</event><data><apiErrors><apiError><errorType>Generic Error</errorType><errorMessage>INVALID_ACTION</errorMessage></apiError></apiErrors></data><source>/finesse/api/Dialog/7</source></Update>'));
      assert.match(m.notice?.text ?? '', /The request failed: Generic Error INVALID_ACTION/);
      ws.receive(updateFrame('/finesse/api/User/1001001', '<Update><event>PUT</event><data><user><loginId>1001001</loginId><state>LOGOUT</state><ReasonCode><label>Supervisor Initiated</label></ReasonCode></user></data></Update>'));
      assert.equal(m.phase, 'signin');
      assert.equal(m.notice?.text, 'You were signed out: Supervisor Initiated.');
    } finally {
      globalThis.fetch = saved;
      session.stop();
    }
  });
});
