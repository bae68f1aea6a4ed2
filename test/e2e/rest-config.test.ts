// REST contract over real HTTPS: Team, Queue, User Queues, ReasonCodes, WrapUpReasons, ClientLog (with
// its admin read-back) and the administrator's configuration objects.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseElement } from '../../src/xml/parse.js';
import type { Element } from '../../src/xml/element.js';
import { startRestHarness, type RestHarness, type RestResponse } from '../helpers/rest-harness.js';
import { TestXmppClient } from '../helpers/xmpp-client.js';
import { subscribeNode, waitUpdate } from '../helpers/finesse-events.js';

let h: RestHarness;
const xmlOf = (r: RestResponse): Element => { const p = parseElement(r.body); assert.ok(p.ok, r.body); return p.value; };
const errorOf = (r: RestResponse) => { const e = xmlOf(r).getChild('ApiError')!; return [r.status, e.getChildText('ErrorType')]; };
const get = (path: string, auth: string) => h.request('GET', path, { auth });
const SUP = '1002001:supervisor';
const ADMIN = 'admin:admin';

before(async () => { h = await startRestHarness({ finesse: { clientLogMaxChars: 2048 } }); });
after(async () => { await h.stop(); });

describe('REST: Team', () => {
  it('the supervisor gets its team with every member and state; agents get 401', async () => {
    await h.request('PUT', '/finesse/api/User/1001002', { auth: '1001002:agent', body: '<User><state>LOGIN</state><extension>1001002</extension></User>' });
    const t = xmlOf(await get('/finesse/api/Team/1', SUP));
    assert.deepEqual([t.getChildText('id'), t.getChildText('name'), t.getChildText('uri')], ['1', 'Team A', '/finesse/api/Team/1']);
    const users = t.getChild('users')!.getChildren('User');
    assert.equal(users.length, 11); // ten agents and the supervisor (a member of team 1)
    const u2 = users.find((u) => u.getChildText('loginId') === '1001002')!;
    assert.deepEqual([u2.getChildText('state'), u2.getChildText('extension'), u2.getChildText('uri')], ['NOT_READY', '1001002', '/finesse/api/User/1001002']);
    assert.deepEqual(errorOf(await get('/finesse/api/Team/1', '1001001:agent')), [401, 'Invalid Authorization User Specified']);
    assert.equal((await get('/finesse/api/Team/77', SUP)).status, 404);
  });
});

describe('REST: Queue', () => {
  it('Queue/<id> with statistics (-1 before any), User/<id>/Queues for agents and supervisors', async () => {
    const q = xmlOf(await get('/finesse/api/Queue/1', '1001001:agent'));
    assert.deepEqual([q.getChildText('name'), q.getChildText('uri')], ['Sales', '/finesse/api/Queue/1']);
    assert.equal(q.getChild('statistics')!.getChildText('callsInQueue'), '-1');
    h.cc.setQueueStatistics({ queueId: '1', callsInQueue: 4, startTimeOfLongestCallInQueue: Date.UTC(2026, 0, 1), agentsReady: 2, agentsNotReady: 1, agentsBusyOther: 0, agentsLoggedOn: 3,
      agentsTalkingInbound: 0, agentsTalkingOutbound: 0, agentsTalkingInternal: 0, agentsWrapUpNotReady: 0, agentsWrapUpReady: 0, callsHandledToday: 0, callsAbandonedToday: 0, serviceLevelPct: null });
    const q2 = xmlOf(await get('/finesse/api/Queue/1', '1001001:agent')).getChild('statistics')!;
    assert.deepEqual([q2.getChildText('callsInQueue'), q2.getChildText('startTimeOfLongestCallInQueue')], ['4', '2026-01-01T00:00:00Z']);
    const mine = xmlOf(await get('/finesse/api/User/1001001/Queues', '1001001:agent'));
    assert.deepEqual(mine.getChildren('Queue').map((x) => x.getChildText('name')), ['Sales', 'Support']);
    assert.equal(xmlOf(await get('/finesse/api/User/1002001/Queues', SUP)).getChildren('Queue').length, 2);
    assert.equal((await get('/finesse/api/Queue/404', '1001001:agent')).status, 404);
  });

  it('queue statistics are published on /finesse/api/Queue/<id> to its subscribers', async () => {
    const c = await TestXmppClient.login({ port: h.ts.ready.ports.xmpp!, ca: h.ts.ready.ca, username: '1001001', password: 'agent' });
    await subscribeNode(c, '/finesse/api/Queue/2');
    h.cc.setQueueStatistics({ queueId: '2', callsInQueue: 1, startTimeOfLongestCallInQueue: null, agentsReady: 0, agentsNotReady: 0, agentsBusyOther: 0, agentsLoggedOn: 0,
      agentsTalkingInbound: 0, agentsTalkingOutbound: 0, agentsTalkingInternal: 0, agentsWrapUpNotReady: 0, agentsWrapUpReady: 0, callsHandledToday: 0, callsAbandonedToday: 0, serviceLevelPct: null });
    const u = await waitUpdate(c, '/finesse/api/Queue/2');
    assert.deepEqual([u.event, u.source, u.data?.name], ['PUT', '/finesse/api/Queue/2', 'Queue']);
    await c.close();
  });
});

describe('REST: reason codes and wrap-up reasons', () => {
  it('User/<id>/ReasonCodes?category= lists configured codes (no system codes); invalid category → 400', async () => {
    const nr = xmlOf(await get('/finesse/api/User/1001001/ReasonCodes?category=NOT_READY&nocache=5', '1001001:agent'));
    assert.equal(nr.attr('category'), 'NOT_READY');
    assert.deepEqual(nr.getChildren('ReasonCode').map((r) => r.getChildText('label')), ['Break', 'Lunch', 'Meeting', 'Training', 'Coaching', 'Back office work']);
    const lo = xmlOf(await get('/finesse/api/User/1001001/ReasonCodes?category=LOGOUT', '1001001:agent'));
    assert.ok(!lo.getChildren('ReasonCode').some((r) => r.getChildText('code') === '255'));
    assert.deepEqual(errorOf(await get('/finesse/api/User/1001001/ReasonCodes?category=LUNCH', '1001001:agent')), [400, 'Invalid Input']);
    const one = xmlOf(await get('/finesse/api/User/1001001/ReasonCode/2', '1001001:agent'));
    assert.deepEqual([one.getChildText('uri'), one.getChildText('label')], ['/finesse/api/ReasonCode/2', 'Lunch']);
    assert.equal((await get('/finesse/api/User/1001002/ReasonCodes?category=LOGOUT', '1001001:agent')).status, 401);
  });

  it('User/<id>/WrapUpReasons and WrapUpReason/<id>', async () => {
    const list = xmlOf(await get('/finesse/api/User/1001001/WrapUpReasons', '1001001:agent'));
    assert.equal(list.name, 'WrapUpReasons');
    assert.equal(list.getChildren('WrapUpReason').length, 6);
    assert.equal(xmlOf(await get('/finesse/api/User/1001001/WrapUpReason/2', '1001001:agent')).getChildText('label'), 'Order placed');
    assert.equal((await get('/finesse/api/User/1001001/WrapUpReason/99', '1001001:agent')).status, 404);
  });
});

describe('REST: ClientLog', () => {
  it('POST stores the log, answers 202, acknowledges on the ClientLog node; admins read it back', async () => {
    const c = await TestXmppClient.login({ port: h.ts.ready.ports.xmpp!, ca: h.ts.ready.ca, username: '1001005', password: 'agent' });
    await subscribeNode(c, '/finesse/api/User/1001005/ClientLog');
    const r = await h.request('POST', '/finesse/api/User/1001005/ClientLog', { auth: '1001005:agent', body: '<ClientLog><logData>line 1 &lt;x&gt;\nline 2</logData></ClientLog>', headers: { requestId: 'log1' } });
    assert.deepEqual([r.status, r.body], [202, '']);
    const u = await waitUpdate(c, '/finesse/api/User/1001005/ClientLog');
    assert.deepEqual([u.event, u.requestId], ['POST', 'log1']);
    await c.close();
    const users = await h.request('GET', '/admin/api/client-logs/', { auth: ADMIN });
    assert.equal(users.status, 200);
    assert.ok((JSON.parse(users.body) as { users: string[] }).users.includes('1001005'));
    const files = (JSON.parse((await h.request('GET', '/admin/api/client-logs/1001005/', { auth: ADMIN })).body) as { files: string[] }).files;
    assert.equal(files.length, 1);
    assert.match(files[0]!, /^ClientLog-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.log$/);
    const text = await h.request('GET', `/admin/api/client-logs/1001005/${files[0]}`, { auth: ADMIN });
    assert.deepEqual([text.status, text.body], [200, 'line 1 <x>\nline 2']);
    assert.equal((await h.request('GET', '/admin/api/client-logs/1001005/', { auth: '1001005:agent' })).status, 403);
    assert.equal((await h.request('GET', '/admin/api/client-logs/1001005/..%2F..%2Fparley.sqlite', { auth: ADMIN })).status, 404);
  });

  it('oversized logData → 400 Invalid Input; missing → 400 Parameter Missing; GET/PUT → 405; another user → 401', async () => {
    const post = (body: string, auth = '1001005:agent') => h.request('POST', '/finesse/api/User/1001005/ClientLog', { auth, body });
    assert.deepEqual(errorOf(await post(`<ClientLog><logData>${'x'.repeat(2049)}</logData></ClientLog>`)), [400, 'Invalid Input']);
    assert.deepEqual(errorOf(await post(`<ClientLog><logData>${'x'.repeat(200_000)}</logData></ClientLog>`)), [400, 'Invalid Input']);
    assert.deepEqual(errorOf(await post('<ClientLog></ClientLog>')), [400, 'Parameter Missing']);
    assert.deepEqual(errorOf(await post('<ClientLog><logData>x</logData></ClientLog>', '1001006:agent')), [401, 'Invalid Authorization User Specified']);
    for (const m of ['GET', 'PUT']) assert.equal((await h.request(m, '/finesse/api/User/1001005/ClientLog', { auth: '1001005:agent' })).status, 405);
  });
});

describe('REST: administrator objects', () => {
  it('reason codes: create, read, update, delete; system codes are protected; agents get 401', async () => {
    const c = await h.request('POST', '/finesse/api/ReasonCodes', { auth: ADMIN, body: '<ReasonCode><category>NOT_READY</category><code>42</code><label>Fire drill</label><forAll>true</forAll></ReasonCode>' });
    assert.equal(c.status, 200);
    const uri = String(c.headers.location);
    assert.match(uri, /^\/finesse\/api\/ReasonCode\/\d+$/);
    assert.equal(xmlOf(await get(uri, ADMIN)).getChildText('label'), 'Fire drill');
    assert.equal((await h.request('PUT', uri, { auth: ADMIN, body: '<ReasonCode><category>NOT_READY</category><code>42</code><label>Drill</label></ReasonCode>' })).status, 200);
    assert.equal(xmlOf(await get(uri, ADMIN)).getChildText('label'), 'Drill');
    const dup = await h.request('POST', '/finesse/api/ReasonCodes', { auth: ADMIN, body: '<ReasonCode><category>NOT_READY</category><code>42</code><label>Again</label></ReasonCode>' });
    assert.deepEqual(errorOf(dup), [400, 'Invalid Input']);
    assert.deepEqual(errorOf(await h.request('DELETE', '/finesse/api/ReasonCode/11', { auth: ADMIN })), [400, 'Invalid Input']);
    assert.equal((await h.request('DELETE', uri, { auth: ADMIN })).status, 200);
    assert.equal((await get(uri, ADMIN)).status, 404);
    assert.equal((await get('/finesse/api/ReasonCodes?category=LOGOUT', '1001001:agent')).status, 401);
    const bad = await h.request('POST', '/finesse/api/ReasonCodes', { auth: ADMIN, body: '<ReasonCode><category>NOT_READY</category><code>70000</code><label>x</label></ReasonCode>' });
    assert.deepEqual(errorOf(bad), [400, 'Invalid Input']);
  });

  it('teams, queues and users: create, list, sign in as the new user, delete', async () => {
    assert.equal((await h.request('POST', '/finesse/api/Teams', { auth: ADMIN, body: '<Team><id>9</id><name>Night shift</name></Team>' })).status, 200);
    assert.ok(xmlOf(await get('/finesse/api/Teams', ADMIN)).getChildren('Team').some((t) => t.getChildText('name') === 'Night shift'));
    assert.equal((await h.request('POST', '/finesse/api/Queues', { auth: ADMIN, body: '<Queue><name>Billing</name></Queue>' })).status, 200);
    const body = '<User><loginId>1009001</loginId><firstName>Nina</firstName><lastName>Night</lastName><extension>1009001</extension><password>s3cret!</password><roles><role>Agent</role></roles><teamId>9</teamId><queues><queue>1</queue></queues></User>';
    const u = await h.request('POST', '/finesse/api/Users', { auth: ADMIN, body });
    assert.deepEqual([u.status, u.headers.location], [200, '/finesse/api/User/1009001']);
    assert.equal(xmlOf(await get('/finesse/api/User/1009001', '1009001:s3cret!')).getChildText('teamName'), 'Night shift');
    assert.deepEqual(errorOf(await h.request('POST', '/finesse/api/Users', { auth: ADMIN, body })), [400, 'Invalid Input']);
    const unknownTeam = body.replace('1009001', '1009002').replace('<teamId>9</teamId>', '<teamId>404</teamId>');
    assert.deepEqual(errorOf(await h.request('POST', '/finesse/api/Users', { auth: ADMIN, body: unknownTeam })), [400, 'Invalid Input']);
    assert.equal((await h.request('POST', '/finesse/api/Users', { auth: '1001001:agent', body })).status, 401);
    assert.equal((await h.request('DELETE', '/finesse/api/User/1009001', { auth: ADMIN })).status, 200);
    assert.equal((await get('/finesse/api/User/1009001', ADMIN)).status, 404);
    assert.equal((await h.request('DELETE', '/finesse/api/Team/9', { auth: ADMIN })).status, 200);
  });

  it('wrap-up reasons: create and delete', async () => {
    const c = await h.request('POST', '/finesse/api/WrapUpReasons', { auth: ADMIN, body: '<WrapUpReason><label>Refund</label><forAll>true</forAll></WrapUpReason>' });
    assert.equal(c.status, 200);
    assert.equal(xmlOf(await get(String(c.headers.location), ADMIN)).getChildText('label'), 'Refund');
    assert.equal((await h.request('DELETE', String(c.headers.location), { auth: ADMIN })).status, 200);
  });
});

describe('REST: settings (UCCX pair)', () => {
  let x: RestHarness;
  before(async () => { x = await startRestHarness({ finesse: { deploymentType: 'uccx', secondaryNode: 'fin2.example.com' } }); });
  after(async () => { await x.stop(); });

  it('SystemInfo shows UCCX and the secondary node; queue statistics are -1; MAKE_CALL refuses mediaProperties', async () => {
    const s = xmlOf(await x.request('GET', '/finesse/api/SystemInfo'));
    assert.equal(s.getChildText('deploymentType'), 'UCCX');
    assert.equal(s.getChild('secondaryNode')!.getChildText('host'), 'fin2.example.com');
    x.cc.setQueueStatistics({ queueId: '1', callsInQueue: 4, startTimeOfLongestCallInQueue: null, agentsReady: 2, agentsNotReady: 1, agentsBusyOther: 0, agentsLoggedOn: 3,
      agentsTalkingInbound: 0, agentsTalkingOutbound: 0, agentsTalkingInternal: 0, agentsWrapUpNotReady: 0, agentsWrapUpReady: 0, callsHandledToday: 0, callsAbandonedToday: 0, serviceLevelPct: null });
    assert.equal(xmlOf(await x.request('GET', '/finesse/api/Queue/1', { auth: '1001001:agent' })).getChild('statistics')!.getChildText('callsInQueue'), '-1');
    await x.request('PUT', '/finesse/api/User/1001001', { auth: '1001001:agent', body: '<User><state>LOGIN</state><extension>1001001</extension></User>' });
    const r = await x.request('POST', '/finesse/api/User/1001001/Dialogs', { auth: '1001001:agent',
      body: '<Dialog><requestedAction>MAKE_CALL</requestedAction><toAddress>1001002</toAddress><mediaProperties><callvariables><CallVariable><name>callVariable1</name><value>v</value></CallVariable></callvariables></mediaProperties></Dialog>' });
    assert.deepEqual(errorOf(r), [400, 'Invalid Input']);
    await x.request('PUT', '/finesse/api/User/1001001', { auth: '1001001:agent', body: '<User><state>READY</state></User>' });
    assert.equal((await x.request('PUT', '/finesse/api/User/1001001', { auth: '1002001:supervisor', body: '<User><state>NOT_READY</state></User>' })).status, 202);
    assert.equal(x.cc.agent('1001001')!.reasonCode, 33, 'UCCX supervisor NOT_READY code');
  });
});
