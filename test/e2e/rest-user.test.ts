// REST contract over real HTTPS: authentication, SystemInfo, User GET/PUT, errors, requestId, out of
// service, and the User events on the agent's pubsub node (against the scripted contact center).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deriveCredentials } from '../../src/auth/credentials.js';
import { parseElement } from '../../src/xml/parse.js';
import type { Element } from '../../src/xml/element.js';
import { startRestHarness, type RestHarness, type RestResponse } from '../helpers/rest-harness.js';
import { TestXmppClient } from '../helpers/xmpp-client.js';
import { subscribeNode, waitUpdate } from '../helpers/finesse-events.js';

let h: RestHarness;
const AGENT = '1001001:agent';
const xmlOf = (r: RestResponse): Element => { const p = parseElement(r.body); assert.ok(p.ok, r.body); return p.value; };
const apiError = (r: RestResponse) => {
  const e = xmlOf(r).getChild('ApiError')!;
  return { status: r.status, type: e.getChildText('ErrorType'), message: e.getChildText('ErrorMessage'), data: e.getChildText('ErrorData') };
};
const put = (id: string, body: string, auth = `${id}:agent`, headers: Record<string, string> = {}) =>
  h.request('PUT', `/finesse/api/User/${id}`, { auth, body, headers });
const tick = () => new Promise((r) => setImmediate(r));

before(async () => {
  h = await startRestHarness();
  const stores = h.ts.server.stores;
  stores.teams.put({ id: '3', name: 'Team C' });
  stores.users.put({ id: '1003001', loginName: 'carol.c', firstName: 'Carol', lastName: 'C', extension: '1003001', roles: ['agent'], teamId: '3', supervisedTeamIds: [], queueIds: ['1'] }, deriveCredentials('agent'));
});
after(async () => { await h.stop(); });

describe('REST: authentication and errors', () => {
  it('401 Authorization Failure without credentials, with a wrong password, and with malformed Basic', async () => {
    for (const opts of [{}, { auth: '1001002:wrong' }, { headers: { authorization: 'Basic !!!' } }]) {
      const r = await h.request('GET', '/finesse/api/User/1001002', opts);
      assert.equal(r.status, 401);
      assert.match(String(r.headers['content-type']), /application\/xml/);
      const e = apiError(r);
      assert.deepEqual([e.type, e.message], ['Authorization Failure', 'UNAUTHORIZED']);
    }
  });

  it('five failed sign-ins lock the account for every later request, even with the right password', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await h.request('GET', '/finesse/api/User/1001020', { auth: '1001020:nope' })).status, 401);
    const r = await h.request('GET', '/finesse/api/User/1001020', { auth: '1001020:agent' });
    assert.equal(r.status, 401);
    assert.equal(apiError(r).data, '1001020');
    assert.ok(h.ts.server.httpAuth.isLocked('1001020'));
  });

  it('unknown resource → 404 ApiErrors; wrong method → 405 with Allow', async () => {
    const nf = await h.request('GET', '/finesse/api/Nothing/1', { auth: AGENT });
    assert.deepEqual([nf.status, apiError(nf).type], [404, 'Not Found']);
    const m = await h.request('DELETE', '/finesse/api/SystemInfo', { auth: AGENT });
    assert.equal(m.status, 405);
    assert.equal(m.headers.allow, 'GET');
  });
});

describe('REST: SystemInfo', () => {
  it('answers without credentials: IN_SERVICE, UCCE, xmppDomain = fqdn = primaryNode host, timestamp near now', async () => {
    const r = await h.request('GET', '/finesse/api/SystemInfo?nocache=123');
    assert.equal(r.status, 200);
    assert.match(r.body, /^<\?xml version="1.0" encoding="UTF-8" standalone="yes"\?><SystemInfo>/);
    const s = xmlOf(r);
    assert.equal(s.getChildText('status'), 'IN_SERVICE');
    assert.equal(s.getChildText('deploymentType'), 'UCCE');
    assert.equal(s.getChildText('xmppDomain'), 'localhost');
    assert.equal(s.getChildText('xmppPubSubDomain'), 'pubsub.localhost');
    assert.equal(s.getChild('primaryNode')!.getChildText('host'), 'localhost');
    assert.equal(s.getChild('secondaryNode'), undefined);
    assert.ok(Math.abs(Date.parse(s.getChildText('currentTimestamp')!) - Date.now()) < 5000);
    assert.equal(s.getChildText('uri'), '/finesse/api/SystemInfo');
  });
});

describe('REST: User GET', () => {
  it('by login id and by login name; unknown query parameters are ignored', async () => {
    const r = await h.request('GET', '/finesse/api/User/1001001?nocache=1700000000000&foo=bar', { auth: AGENT });
    assert.equal(r.status, 200);
    const u = xmlOf(r);
    assert.equal(u.name, 'User');
    assert.equal(u.getChildText('loginId'), '1001001');
    assert.equal(u.getChildText('state'), 'LOGOUT');
    assert.equal(u.getChildText('uri'), '/finesse/api/User/1001001');
    const byName = await h.request('GET', '/finesse/api/User/carol.c', { auth: '1003001:agent' });
    assert.equal(byName.status, 200);
    assert.equal(xmlOf(byName).getChildText('loginId'), '1003001');
    const signedInByName = await h.request('GET', '/finesse/api/User/carol.c', { auth: 'carol.c:agent' });
    assert.equal(signedInByName.status, 200, 'Basic with the login name works too');
  });

  it('another agent → 401 Invalid Authorization User Specified; unknown user → 404', async () => {
    const r = await h.request('GET', '/finesse/api/User/1001002', { auth: AGENT });
    assert.deepEqual(Object.values(apiError(r)).slice(0, 2), [401, 'Invalid Authorization User Specified']);
    const nf = await h.request('GET', '/finesse/api/User/9999999', { auth: AGENT });
    assert.equal(nf.status, 404);
  });

  it('a supervisor reads its team members, not others (401 Invalid Supervisor); admins read anyone', async () => {
    assert.equal((await h.request('GET', '/finesse/api/User/1001015', { auth: '1002001:supervisor' })).status, 200);
    const r = await h.request('GET', '/finesse/api/User/1003001', { auth: '1002001:supervisor' });
    assert.deepEqual([r.status, apiError(r).type], [401, 'Invalid Supervisor']);
    assert.equal((await h.request('GET', '/finesse/api/User/1003001', { auth: 'admin:admin' })).status, 200);
    const sup = xmlOf(await h.request('GET', '/finesse/api/User/1002001', { auth: '1002001:supervisor' }));
    assert.deepEqual(sup.getChild('teams')!.getChildren('Team').map((t) => t.getChildText('id')), ['1', '2']);
  });
});

describe('REST: User PUT (state changes) and User events', () => {
  it('LOGIN → 202 empty body, requestId echoed, User PUT event with the requestId on the User node and Team Users node', async () => {
    const agent = await TestXmppClient.login({ port: h.ts.ready.ports.xmpp!, ca: h.ts.ready.ca, username: '1001003', password: 'agent' });
    const sup = await TestXmppClient.login({ port: h.ts.ready.ports.xmpp!, ca: h.ts.ready.ca, username: '1002001', password: 'supervisor' });
    await subscribeNode(sup, '/finesse/api/Team/1/Users');
    const r = await put('1001003', '<User><state>LOGIN</state><extension>1001003</extension></User>', undefined, { requestId: 'req-login-1' });
    assert.equal(r.status, 202);
    assert.equal(r.body, '');
    assert.equal(r.headers.requestid, 'req-login-1');
    const u = await waitUpdate(agent, '/finesse/api/User/1001003');
    assert.deepEqual([u.event, u.requestId, u.source, u.data?.name], ['PUT', 'req-login-1', '/finesse/api/User/1001003', 'user']);
    assert.equal(u.data!.getChildText('state'), 'NOT_READY');
    assert.equal(u.data!.getChildText('extension'), '1001003');
    const t = await waitUpdate(sup, '/finesse/api/Team/1/Users');
    assert.deepEqual([t.requestId, t.source, t.data!.getChildText('state')], ['req-login-1', '/finesse/api/User/1001003', 'NOT_READY']);
    // NOT_READY with a reason: the ReasonCode object id (2 = Lunch) becomes its code.
    assert.equal((await put('1001003', '<User><state>NOT_READY</state><reasonCodeId>2</reasonCodeId></User>', undefined, { requestId: 'nr' })).status, 202);
    const nr = await waitUpdate(agent, '/finesse/api/User/1001003', (x) => x.requestId === 'nr');
    assert.equal(nr.data!.getChildText('reasonCodeId'), '2');
    assert.equal(nr.data!.getChild('ReasonCode')!.getChildText('label'), 'Lunch');
    // READY, then GET shows it.
    assert.equal((await put('1001003', '<User><state>READY</state></User>')).status, 202);
    assert.equal(xmlOf(await h.request('GET', '/finesse/api/User/1001003', { auth: '1001003:agent' })).getChildText('state'), 'READY');
    await agent.close();
    await sup.close();
  });

  it('bad bodies: missing state, unknown state, malformed XML, wrong root, bad extension, wrong reason code', async () => {
    const cases: [string, number, string, string][] = [
      ['<User><extension>1</extension></User>', 400, 'Parameter Missing', 'state'],
      ['<User><state>SLEEPING</state></User>', 400, 'Invalid State', 'SLEEPING'],
      ['<User><state>READY</User>', 400, 'Bad Request', ''],
      ['<Dialog><state>READY</state></Dialog>', 400, 'Bad Request', 'Dialog'],
      ['', 400, 'Bad Request', ''],
      ['<User><state>LOGIN</state><extension>12ab</extension></User>', 400, 'Bad Request', '12ab'],
      ['<User><state>LOGIN</state></User>', 400, 'Parameter Missing', 'extension'],
      ['<User><state>NOT_READY</state><reasonCodeId>7</reasonCodeId></User>', 400, 'Invalid Input', '7'],
    ];
    const before = h.cc.commands.length;
    for (const [body, status, type, data] of cases) {
      const e = apiError(await put('1001004', body));
      assert.deepEqual([e.status, e.type, e.data], [status, type, data], body);
    }
    assert.equal(h.cc.commands.length, before, 'nothing reached the contact center');
    const big = await put('1001004', `<User><state>READY</state><x>${'a'.repeat(70_000)}</x></User>`);
    assert.equal(big.status, 413);
  });

  it('another agent → 401, nothing applied; an illegal transition → 202 then the error Update with the requestId', async () => {
    const r = await put('1001006', '<User><state>LOGIN</state><extension>1001006</extension></User>', AGENT);
    assert.deepEqual([r.status, apiError(r).type], [401, 'Invalid Authorization User Specified']);
    assert.equal(h.cc.agent('1001006')!.state, 'LOGOUT');
    const agent = await TestXmppClient.login({ port: h.ts.ready.ports.xmpp!, ca: h.ts.ready.ca, username: '1001006', password: 'agent' });
    const ready = await put('1001006', '<User><state>READY</state></User>', undefined, { requestId: 'bad-1' });
    assert.equal(ready.status, 202);
    const err = await waitUpdate(agent, '/finesse/api/User/1001006');
    assert.equal(err.requestId, 'bad-1');
    assert.equal(err.data!.name, 'apiErrors');
    const e = err.data!.getChild('apiError')!;
    assert.deepEqual([e.getChildText('errorType'), e.getChildText('errorMessage'), e.getChildText('errorData')], ['Invalid State', 'CF_INVALID_OBJECT_STATE', '22']);
    await agent.close();
  });

  it('a supervisor forces a team member NOT_READY with 999 and must not send a reason; outside its teams: 401 Invalid Supervisor', async () => {
    await put('1001007', '<User><state>LOGIN</state><extension>1001007</extension></User>');
    await put('1001007', '<User><state>READY</state></User>');
    const bad = await put('1001007', '<User><state>NOT_READY</state><reasonCodeId>1</reasonCodeId></User>', '1002001:supervisor');
    assert.deepEqual([bad.status, apiError(bad).type], [400, 'Invalid Input']);
    assert.equal((await put('1001007', '<User><state>NOT_READY</state></User>', '1002001:supervisor')).status, 202);
    assert.deepEqual([h.cc.agent('1001007')!.state, h.cc.agent('1001007')!.reasonCode], ['NOT_READY', 999]);
    const out = await put('1003001', '<User><state>LOGOUT</state></User>', '1002001:supervisor');
    assert.deepEqual([out.status, apiError(out).type], [401, 'Invalid Supervisor']);
  });

  it('200 concurrent state changes for one agent: every one answered, the final state consistent with the last applied', async () => {
    await put('1001008', '<User><state>LOGIN</state><extension>1001008</extension></User>');
    const states = ['READY', 'NOT_READY'];
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) =>
      put('1001008', `<User><state>${states[i % 2]}</state></User>`, undefined, { requestId: `c${i}` })));
    assert.ok(results.every((r) => r.status === 202), results.map((r) => r.status).join(','));
    await tick();
    const applied = h.cc.events.filter((e) => e.kind === 'agent-changed' && e.agent.agentId === '1001008');
    const last = applied[applied.length - 1]!;
    assert.equal(last.kind === 'agent-changed' && last.agent.state, h.cc.agent('1001008')!.state);
    const got = xmlOf(await h.request('GET', '/finesse/api/User/1001008', { auth: '1001008:agent' }));
    assert.equal(got.getChildText('state'), h.cc.agent('1001008')!.state);
    assert.equal(got.getChildText('pendingState'), '');
  });

  it('pendingState while on a call', async () => {
    await put('1001009', '<User><state>LOGIN</state><extension>1001009</extension></User>');
    await put('1001009', '<User><state>READY</state></User>');
    h.cc.offerCall('1001009', { ani: '5551234' });
    assert.equal((await put('1001009', '<User><state>NOT_READY</state></User>')).status, 202);
    const u = xmlOf(await h.request('GET', '/finesse/api/User/1001009', { auth: '1001009:agent' }));
    assert.deepEqual([u.getChildText('state'), u.getChildText('pendingState')], ['RESERVED', 'NOT_READY']);
  });
});

describe('REST: out of service', () => {
  it('every request gets 503 SERVER_OUT_OF_SERVICE while the CTI link is down; SystemInfo says OUT_OF_SERVICE', async () => {
    h.cc.setLink('OUT_OF_SERVICE', 'CTI link lost');
    try {
      for (const [m, p, body] of [['GET', '/finesse/api/User/1001001', undefined], ['PUT', '/finesse/api/User/1001001', '<User><state>READY</state></User>'], ['GET', '/finesse/api/Team/1', undefined]] as const) {
        const r = await h.request(m, p, { auth: AGENT, ...(body ? { body } : {}) });
        const e = apiError(r);
        assert.deepEqual([e.status, e.type, e.message], [503, 'Service Unavailable', 'SERVER_OUT_OF_SERVICE'], `${m} ${p}`);
      }
      const s = await h.request('GET', '/finesse/api/SystemInfo');
      assert.equal(s.status, 200);
      assert.equal(xmlOf(s).getChildText('status'), 'OUT_OF_SERVICE');
    } finally {
      h.cc.setLink('IN_SERVICE');
    }
    assert.equal((await h.request('GET', '/finesse/api/User/1001001', { auth: AGENT })).status, 200);
  });
});
