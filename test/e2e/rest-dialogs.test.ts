// REST contract over real HTTPS: Dialogs GET/POST (MAKE_CALL) and Dialog GET/PUT for every requested
// action, unknown dialogs, another agent's dialog, and the Dialog events on the agent's Dialogs node.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseElement } from '../../src/xml/parse.js';
import type { Element } from '../../src/xml/element.js';
import { startRestHarness, type RestHarness, type RestResponse } from '../helpers/rest-harness.js';
import { TestXmppClient } from '../helpers/xmpp-client.js';
import { waitUpdate } from '../helpers/finesse-events.js';

let h: RestHarness;
const xmlOf = (r: RestResponse): Element => { const p = parseElement(r.body); assert.ok(p.ok, r.body); return p.value; };
const errorOf = (r: RestResponse) => { const e = xmlOf(r).getChild('ApiError')!; return [r.status, e.getChildText('ErrorType'), e.getChildText('ErrorData')]; };
const signIn = async (id: string) => {
  await h.request('PUT', `/finesse/api/User/${id}`, { auth: `${id}:agent`, body: `<User><state>LOGIN</state><extension>${id}</extension></User>` });
  await h.request('PUT', `/finesse/api/User/${id}`, { auth: `${id}:agent`, body: '<User><state>READY</state></User>' });
};
const act = (dialogId: string, id: string, body: string, requestId?: string) =>
  h.request('PUT', `/finesse/api/Dialog/${dialogId}`, { auth: `${id}:agent`, body, ...(requestId ? { headers: { requestId } } : {}) });

before(async () => { h = await startRestHarness(); });
after(async () => { await h.stop(); });

describe('REST: Dialogs and Dialog', () => {
  it('a call offered, ANSWER, HOLD, RETRIEVE, UPDATE_CALL_DATA, DROP: 202 each, events on the Dialogs node with the requestIds', async () => {
    await signIn('1001011');
    const c = await TestXmppClient.login({ port: h.ts.ready.ports.xmpp!, ca: h.ts.ready.ca, username: '1001011', password: 'agent' });
    const node = '/finesse/api/User/1001011/Dialogs';
    const id = h.cc.offerCall('1001011', { ani: '5551234', callVariables: [{ name: 'callVariable1', value: 'hello' }] });
    const offered = await waitUpdate(c, node);
    assert.deepEqual([offered.event, offered.source, offered.data?.name], ['POST', node, 'dialogs']);
    assert.equal(offered.data!.getChild('Dialog')!.getChildText('state'), 'ALERTING');

    const list = xmlOf(await h.request('GET', `${node}?nocache=1`, { auth: '1001011:agent' }));
    assert.equal(list.name, 'Dialogs');
    assert.equal(list.getChild('Dialog')!.getChildText('id'), id);
    const one = xmlOf(await h.request('GET', `/finesse/api/Dialog/${id}`, { auth: '1001011:agent' }));
    assert.equal(one.getChild('mediaProperties')!.getChild('callvariables')!.getChild('CallVariable')!.getChildText('value'), 'hello');

    const step = async (body: string, requestId: string, check: (d: Element) => void) => {
      const r = await act(id, '1001011', body, requestId);
      assert.deepEqual([r.status, r.body, r.headers.requestid], [202, '', requestId], body);
      const u = await waitUpdate(c, node, (x) => x.requestId === requestId);
      assert.deepEqual([u.event, u.source, u.data?.name], ['PUT', `/finesse/api/Dialog/${id}`, 'dialog']);
      check(u.data!);
    };
    const agentLeg = (d: Element) => d.getChild('participants')!.getChildren('Participant').find((p) => p.getChildText('mediaAddress') === '1001011')!;
    await step('<Dialog><targetMediaAddress>1001011</targetMediaAddress><requestedAction>ANSWER</requestedAction></Dialog>', 'ans', (d) => {
      assert.equal(d.getChildText('state'), 'ACTIVE');
      assert.equal(agentLeg(d).getChildText('state'), 'ACTIVE');
    });
    await step('<Dialog><requestedAction>HOLD</requestedAction></Dialog>', 'hold', (d) => assert.equal(agentLeg(d).getChildText('state'), 'HELD'));
    await step('<Dialog><requestedAction>RETRIEVE</requestedAction><targetMediaAddress>1001011</targetMediaAddress></Dialog>', 'ret',
      (d) => assert.equal(agentLeg(d).getChildText('state'), 'ACTIVE'));
    await step('<Dialog><requestedAction>UPDATE_CALL_DATA</requestedAction><mediaProperties><wrapUpReason>Order placed</wrapUpReason><callvariables><CallVariable><name>callVariable2</name><value>x&amp;y</value></CallVariable></callvariables></mediaProperties></Dialog>', 'ucd', (d) => {
      const mp = d.getChild('mediaProperties')!;
      assert.equal(mp.getChildText('wrapUpReason'), 'Order placed');
      assert.deepEqual(mp.getChild('callvariables')!.getChildren('CallVariable').map((v) => v.getChildText('value')), ['hello', 'x&y']);
    });
    const drop = await act(id, '1001011', '<Dialog><requestedAction>DROP</requestedAction></Dialog>', 'drop');
    assert.equal(drop.status, 202);
    const gone = await waitUpdate(c, node, (x) => x.requestId === 'drop');
    assert.deepEqual([gone.event, gone.source], ['DELETE', node]);
    assert.equal(gone.data!.getChild('Dialog')!.getChildText('state'), 'DROPPED');
    assert.equal(xmlOf(await h.request('GET', node, { auth: '1001011:agent' })).elements().length, 0);
    assert.equal(h.cc.agent('1001011')!.state, 'WORK_READY');
    await c.close();
  });

  it('unknown dialog ids → 404 Not Found "Invalid dialogId specified for dialog"', async () => {
    for (const m of ['GET', 'PUT'] as const) {
      const r = await h.request(m, '/finesse/api/Dialog/424242', { auth: '1001012:agent', ...(m === 'PUT' ? { body: '<Dialog><requestedAction>DROP</requestedAction></Dialog>' } : {}) });
      assert.equal(r.status, 404);
      assert.equal(xmlOf(r).getChild('ApiError')!.getChildText('ErrorMessage'), 'Invalid dialogId specified for dialog');
    }
  });

  it("another agent's dialog → 401; the team's supervisor may read it", async () => {
    await signIn('1001012');
    const id = h.cc.offerCall('1001012', { ani: '5550000' });
    assert.equal(errorOf(await h.request('GET', `/finesse/api/Dialog/${id}`, { auth: '1001013:agent' }))[0], 401);
    assert.equal(errorOf(await act(id, '1001013', '<Dialog><requestedAction>ANSWER</requestedAction></Dialog>'))[0], 401);
    assert.equal((await h.request('GET', `/finesse/api/Dialog/${id}`, { auth: '1002001:supervisor' })).status, 200);
    assert.equal(errorOf(await h.request('GET', '/finesse/api/User/1001012/Dialogs', { auth: '1001013:agent' }))[0], 401);
  });

  it('bad Dialog PUT bodies answer their Finesse errors and reach nothing', async () => {
    await signIn('1001014');
    const id = h.cc.offerCall('1001014', { ani: '5550001' });
    const before = h.cc.commands.length;
    for (const [body, status, type] of [
      ['<Dialog/>', 400, 'Parameter Missing'],
      ['<Dialog><requestedAction>JUGGLE</requestedAction></Dialog>', 400, 'Invalid Input'],
      ['<Dialog><requestedAction>CONSULT_CALL</requestedAction></Dialog>', 400, 'Parameter Missing'],
      ['<Dialog><requestedAction>UPDATE_CALL_DATA</requestedAction><mediaProperties><callvariables><CallVariable><name>callVariable1</name><value>' + 'x'.repeat(41) + '</value></CallVariable></callvariables></mediaProperties></Dialog>', 400, 'Invalid Input'],
      ['<User><requestedAction>ANSWER</requestedAction></User>', 400, 'Bad Request'],
      ['<Dialog><requestedAction>ANSWER</requestedAction>', 400, 'Bad Request'],
    ] as const) {
      const r = await act(id, '1001014', body);
      assert.deepEqual(errorOf(r).slice(0, 2), [status, type], body);
    }
    assert.equal(h.cc.commands.length, before);
  });

  it('an action the participant cannot take → 202, then the Dialog error Update on the Dialogs node', async () => {
    await signIn('1001015');
    const c = await TestXmppClient.login({ port: h.ts.ready.ports.xmpp!, ca: h.ts.ready.ca, username: '1001015', password: 'agent' });
    const id = h.cc.offerCall('1001015', { ani: '5550002' });
    const r = await act(id, '1001015', '<Dialog><requestedAction>HOLD</requestedAction></Dialog>', 'hold-too-early');
    assert.equal(r.status, 202);
    const u = await waitUpdate(c, '/finesse/api/User/1001015/Dialogs', (x) => x.requestId === 'hold-too-early');
    assert.equal(u.source, `/finesse/api/Dialog/${id}`);
    assert.equal(u.data!.name, 'apiErrors');
    assert.equal(u.data!.getChild('apiError')!.getChildText('errorType'), 'Generic Error');
    await c.close();
  });

  it('consult, transfer, conference, single-step transfer, DTMF and participant drop reach the contact center as sent', async () => {
    await signIn('1001019');
    const id = h.cc.offerCall('1001019', { ani: '5550003' });
    const sent: [string, Record<string, unknown>][] = [
      ['<Dialog><requestedAction>CONSULT_CALL</requestedAction><toAddress>1001002</toAddress><targetMediaAddress>1001019</targetMediaAddress></Dialog>', { action: 'CONSULT_CALL', toAddress: '1001002', targetMediaAddress: '1001019' }],
      ['<Dialog><targetMediaAddress>1001019</targetMediaAddress><requestedAction>TRANSFER</requestedAction></Dialog>', { action: 'TRANSFER', targetMediaAddress: '1001019' }],
      ['<Dialog><targetMediaAddress>1001019</targetMediaAddress><requestedAction>CONFERENCE</requestedAction></Dialog>', { action: 'CONFERENCE' }],
      ['<Dialog><requestedAction>TRANSFER_SST</requestedAction><toAddress>1001003</toAddress></Dialog>', { action: 'TRANSFER_SST', toAddress: '1001003', targetMediaAddress: '1001019' }],
      ['<Dialog><requestedAction>SEND_DTMF</requestedAction><actionParams><ActionParam><name>dtmfString</name><value>12#</value></ActionParam></actionParams></Dialog>', { action: 'SEND_DTMF', dtmf: '12#' }],
      ['<Dialog><requestedAction>PARTICIPANT_DROP</requestedAction><targetMediaAddress>5550003</targetMediaAddress></Dialog>', { action: 'PARTICIPANT_DROP', targetMediaAddress: '5550003' }],
    ];
    for (const [body, expected] of sent) {
      const r = await act(id, '1001019', body, `x-${expected.action}`);
      assert.equal(r.status, 202, body);
      const cmd = h.cc.commands[h.cc.commands.length - 1] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(expected)) assert.equal(cmd[k], v, `${expected.action}.${k}`);
      assert.deepEqual([cmd.dialogId, cmd.agentId, cmd.requestId], [id, '1001019', `x-${expected.action}`]);
    }
  });

  it('MAKE_CALL: 202 and a Dialogs POST; to == from is 400 Invalid Destination; only for oneself', async () => {
    await signIn('1001016');
    const c = await TestXmppClient.login({ port: h.ts.ready.ports.xmpp!, ca: h.ts.ready.ca, username: '1001016', password: 'agent' });
    const body = '<Dialog><requestedAction>MAKE_CALL</requestedAction><fromAddress>1001016</fromAddress><toAddress>1001017</toAddress></Dialog>';
    const r = await h.request('POST', '/finesse/api/User/1001016/Dialogs', { auth: '1001016:agent', body, headers: { requestId: 'mk' } });
    assert.deepEqual([r.status, r.body], [202, '']);
    const u = await waitUpdate(c, '/finesse/api/User/1001016/Dialogs', (x) => x.requestId === 'mk');
    assert.equal(u.event, 'POST');
    assert.equal(u.data!.getChild('Dialog')!.getChildText('toAddress'), '1001017');
    const same = await h.request('POST', '/finesse/api/User/1001016/Dialogs', { auth: '1001016:agent', body: body.replace('1001017', '1001016') });
    assert.deepEqual(errorOf(same).slice(0, 2), [400, 'Invalid Destination']);
    const other = await h.request('POST', '/finesse/api/User/1001016/Dialogs', { auth: '1001018:agent', body });
    assert.equal(other.status, 401);
    await c.close();
  });
});
