// The Finesse object renderers against the examples of [finesse-api] §1.5, §2 and §4 (element names,
// order and values), and the request parsers against the documented bodies plus hostile input.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseElement } from '../../xml/parse.js';
import type { Element } from '../../xml/element.js';
import type { AgentStatus, Dialog } from '../../contact-center/contact-center.js';
import { createMemoryStores } from '../../storage/memory/memory-stores.js';
import { storesDirectory } from '../directory.js';
import { apiError } from '../errors.js';
import { apiErrorsData, renderApiErrors } from './api-errors.js';
import { renderDialog, renderDialogs } from './dialog.js';
import { renderQueue } from './queue.js';
import { renderReasonCodes } from './reason-code.js';
import { renderSystemInfo } from './system-info.js';
import { renderTeam } from './team.js';
import { renderUpdate } from './update.js';
import { renderTeamUser, renderUser } from './user.js';
import { renderWrapUpReasons } from './wrap-up-reason.js';
import { parseRoot, readDialogRequest, readUserUpdate, validateCallVariables } from './requests.js';
import { serialize } from '../../xml/element.js';

const parse = (s: string): Element => {
  const r = parseElement(s);
  assert.ok(r.ok, `not well-formed: ${s}`);
  return r.value;
};
const names = (el: Element): string[] => el.elements().map((c) => c.name);
const T = Date.UTC(2023, 0, 13, 11, 7, 11, 466);

function fixtures() {
  const stores = createMemoryStores();
  stores.teams.put({ id: '5005', name: 'LPU_test' });
  stores.queues.put({ id: '1', name: 'Sales' });
  stores.reasonCodes.put({ id: '16', category: 'NOT_READY', code: 10, label: 'Team Meeting', forAll: true, isSystemCode: false });
  stores.reasonCodes.put({ id: '11', category: 'LOGOUT', code: 255, label: 'Forced logout', forAll: true, isSystemCode: true });
  stores.users.put({ id: '6021', loginName: 'lpu_test_21', firstName: 'LPU', lastName: 'Test 21', extension: '2830', roles: ['agent', 'supervisor'], teamId: '5005', supervisedTeamIds: ['5005'], queueIds: ['1'] });
  return { stores, dir: storesDirectory(stores) };
}

const status = (over: Partial<AgentStatus> = {}): AgentStatus =>
  ({ agentId: '6021', extension: '2830', state: 'NOT_READY', reasonCode: null, pendingState: null, stateChangeTime: T, ...over });

describe('User', () => {
  it('renders the captured 12.5 user (login.xml) field for field, in the captured order', () => {
    const { stores, dir } = fixtures();
    const el = parse(serialize(renderUser(stores.users.get('6021')!, status(), dir, 'user')));
    assert.deepEqual(names(el), ['dialogs', 'extension', 'firstName', 'lastName', 'loginId', 'loginName', 'mediaType', 'pendingState',
      'reasonCodeId', 'roles', 'settings', 'state', 'stateChangeTime', 'teamId', 'teamName', 'teams', 'uri']);
    assert.equal(el.getChildText('dialogs'), '/finesse/api/User/6021/Dialogs');
    assert.equal(el.getChildText('extension'), '2830');
    assert.equal(el.getChildText('reasonCodeId'), '-1');
    assert.equal(el.getChildText('stateChangeTime'), '2023-01-13T11:07:11.466Z');
    assert.deepEqual(el.getChild('roles')!.getChildren('role').map((r) => r.text()), ['Agent', 'Supervisor']);
    const team = el.getChild('teams')!.getChild('Team')!;
    assert.deepEqual([team.getChildText('id'), team.getChildText('name'), team.getChildText('uri')], ['5005', 'LPU_test', '/finesse/api/Team/5005']);
    assert.equal(el.getChildText('uri'), '/finesse/api/User/6021');
  });

  it('shows a configured reason code by its object id, a system code with -1 and its label', () => {
    const { stores, dir } = fixtures();
    const u = stores.users.get('6021')!;
    const nr = parse(serialize(renderUser(u, status({ reasonCode: 10 }), dir)));
    assert.equal(nr.getChildText('reasonCodeId'), '16');
    const rc = nr.getChild('ReasonCode')!;
    assert.deepEqual(names(rc), ['uri', 'category', 'code', 'label', 'forAll', 'systemCode', 'id']);
    assert.equal(rc.getChildText('uri'), '/finesse/api/ReasonCode/16');
    const sup = parse(serialize(renderUser(u, status({ reasonCode: 999 }), dir)));
    assert.equal(sup.getChildText('reasonCodeId'), '-1');
    assert.equal(sup.getChild('ReasonCode')!.getChildText('label'), 'Supervisor Initiated');
    assert.equal(sup.getChild('ReasonCode')!.getChildText('systemCode'), 'true');
  });

  it('a signed-out user has an empty extension; agents have no <teams>', () => {
    const { stores, dir } = fixtures();
    stores.users.put({ ...stores.users.get('6021')!, roles: ['agent'], supervisedTeamIds: [] });
    const el = parse(serialize(renderUser(stores.users.get('6021')!, status({ state: 'LOGOUT', extension: null }), dir)));
    assert.equal(el.getChildText('extension'), '');
    assert.equal(el.getChild('teams'), undefined);
  });

  it('team member: reasonCode in GET Team, ReasonCode in the Team Users event', () => {
    const { stores, dir } = fixtures();
    const u = stores.users.get('6021')!;
    const inTeam = parse(serialize(renderTeamUser(u, status({ reasonCode: 10 }), dir, 'User', 'reasonCode')));
    assert.ok(inTeam.getChild('reasonCode'));
    assert.equal(inTeam.getChildText('uri'), '/finesse/api/User/6021');
    const inEvent = parse(serialize(renderTeamUser(u, status({ reasonCode: 10 }), dir, 'user', 'ReasonCode')));
    assert.equal(inEvent.name, 'user');
    assert.ok(inEvent.getChild('ReasonCode'));
  });
});

const dialog: Dialog = {
  id: '140953817', associatedDialogId: null, mediaType: 'Voice', fromAddress: '01042600114', toAddress: '813636', state: 'ALERTING',
  callType: 'PREROUTE_ACD_IN', dialedNumber: '813636', dnis: '7053', queueId: null, queueName: null,
  callVariables: [{ name: 'callVariable1', value: '813636114' }, { name: 'user.microapp.locale', value: 'en-us' }], wrapUpReason: null,
  participants: [
    { mediaAddress: '01042600114', mediaAddressType: 'EXTERNAL', agentId: null, state: 'INITIATED', stateCause: null, startTime: Date.UTC(2020, 4, 8, 1, 22, 42, 9), stateChangeTime: Date.UTC(2020, 4, 8, 1, 22, 42, 10), actions: ['UPDATE_CALL_DATA', 'DROP'] },
    { mediaAddress: '7053', mediaAddressType: 'AGENT_DEVICE', agentId: '900140321', state: 'ALERTING', stateCause: null, startTime: Date.UTC(2020, 4, 8, 1, 22, 42, 10), stateChangeTime: Date.UTC(2020, 4, 8, 1, 22, 42, 10), actions: ['ANSWER'] },
  ],
  createdAt: 0,
};

describe('Dialog', () => {
  it('renders the captured ALERTING dialog (1_alert.xml) in its order and values', () => {
    const el = parse(serialize(renderDialogs([dialog], 'dialogs'))).getChild('Dialog')!;
    assert.deepEqual(names(el), ['associatedDialogUri', 'fromAddress', 'id', 'mediaProperties', 'mediaType', 'participants', 'state', 'toAddress', 'uri']);
    const mp = el.getChild('mediaProperties')!;
    assert.equal(mp.getChildText('DNIS'), '7053');
    assert.equal(mp.getChildText('callType'), 'PREROUTE_ACD_IN');
    const vars = mp.getChild('callvariables')!.getChildren('CallVariable');
    assert.deepEqual(vars.map((v) => [v.getChildText('name'), v.getChildText('value')]), [['callVariable1', '813636114'], ['user.microapp.locale', 'en-us']]);
    const [caller, agent] = el.getChild('participants')!.getChildren('Participant');
    assert.deepEqual(names(caller!), ['actions', 'mediaAddress', 'mediaAddressType', 'startTime', 'state', 'stateCause', 'stateChangeTime']);
    assert.equal(caller!.getChildText('mediaAddressType'), '');
    assert.equal(caller!.getChildText('startTime'), '2020-05-08T01:22:42.009Z');
    assert.deepEqual(agent!.getChild('actions')!.getChildren('action').map((a) => a.text()), ['ANSWER']);
    assert.equal(agent!.getChildText('mediaAddressType'), 'AGENT_DEVICE');
    assert.equal(el.getChildText('uri'), '/finesse/api/Dialog/140953817');
    assert.equal(el.getChildText('associatedDialogUri'), '');
  });

  it('dialog PUT data uses the lower-camel root', () => {
    assert.equal(renderDialog(dialog, 'dialog').name, 'dialog');
  });
});

describe('Update', () => {
  it('wraps data, event, requestId, source in the captured order', () => {
    const el = parse(renderUpdate({ data: renderDialog(dialog, 'dialog'), event: 'PUT', requestId: '12', source: '/finesse/api/Dialog/140953817' }));
    assert.deepEqual(names(el), ['data', 'event', 'requestId', 'source']);
    assert.equal(el.getChildText('requestId'), '12');
    assert.equal(el.getChild('data')!.elements()[0]!.name, 'dialog');
  });

  it('an unsolicited update has an empty requestId', () => {
    const el = parse(renderUpdate({ data: null, event: 'POST', source: '/finesse/api/User/1/ClientLog' }));
    assert.equal(el.getChildText('requestId'), '');
  });

  it('async error data is apiErrors/apiError with errorData, errorMessage, errorType (§4.4)', () => {
    const el = apiErrorsData({ errorType: 'Call Operation Failure', errorMessage: 'CF_RESOURCE_OUT_OF_SERVICE', errorCode: 34 });
    assert.equal(serialize(el), '<apiErrors><apiError><errorData>34</errorData><errorMessage>CF_RESOURCE_OUT_OF_SERVICE</errorMessage><errorType>Call Operation Failure</errorType></apiError></apiErrors>');
  });
});

describe('ApiErrors (§1.5)', () => {
  it('out of service', () => {
    assert.equal(renderApiErrors([apiError.outOfService()]),
      '<ApiErrors><ApiError><ErrorType>Service Unavailable</ErrorType><ErrorMessage>SERVER_OUT_OF_SERVICE</ErrorMessage><ErrorData/></ApiError></ApiErrors>');
  });
  it('missing state', () => {
    const e = apiError.parameterMissing('state');
    assert.deepEqual([e.status, e.type, e.message, e.data], [400, 'Parameter Missing', 'State Parameter missing', 'state']);
  });
  it('typical 401', () => {
    const e = apiError.unauthorized('jsmith');
    assert.deepEqual([e.status, e.type, e.message, e.data], [401, 'Authorization Failure', 'UNAUTHORIZED', 'jsmith']);
  });
});

describe('Team, Queue, SystemInfo, ReasonCodes, WrapUpReasons', () => {
  it('Team lists its users with states; no uri ends with a slash (§1.6)', () => {
    const { stores, dir } = fixtures();
    const xml = serialize(renderTeam(stores.teams.get('5005')!, [{ user: stores.users.get('6021')!, status: status() }], dir));
    const el = parse(xml);
    assert.deepEqual(names(el), ['uri', 'id', 'name', 'users']);
    assert.equal(el.getChild('users')!.getChild('User')!.getChildText('state'), 'NOT_READY');
    assert.doesNotMatch(xml, /\/<\/uri>/);
  });

  it('Queue statistics as the doc; -1 when there are none (UCCX)', () => {
    const q = { id: '1', name: 'Sales' };
    const stats = { queueId: '1', callsInQueue: 3, startTimeOfLongestCallInQueue: Date.UTC(2012, 1, 15, 17, 58, 21), agentsReady: 1, agentsNotReady: 2, agentsBusyOther: 0, agentsLoggedOn: 1,
      agentsTalkingInbound: 3, agentsTalkingOutbound: 4, agentsTalkingInternal: 5, agentsWrapUpNotReady: 6, agentsWrapUpReady: 7, callsHandledToday: 0, callsAbandonedToday: 0, serviceLevelPct: null };
    const el = parse(serialize(renderQueue(q, stats)));
    const s = el.getChild('statistics')!;
    assert.deepEqual(names(s), ['callsInQueue', 'startTimeOfLongestCallInQueue', 'agentsReady', 'agentsNotReady', 'agentsBusyOther', 'agentsLoggedOn',
      'agentsTalkingInbound', 'agentsTalkingOutbound', 'agentsTalkingInternal', 'agentsWrapUpNotReady', 'agentsWrapUpReady']);
    assert.equal(s.getChildText('startTimeOfLongestCallInQueue'), '2012-02-15T17:58:21Z');
    const none = parse(serialize(renderQueue(q, undefined))).getChild('statistics')!;
    assert.equal(none.getChildText('callsInQueue'), '-1');
    assert.equal(none.getChildText('startTimeOfLongestCallInQueue'), '');
  });

  it('SystemInfo: xmppDomain = primaryNode/host, pubsub domain, no secondaryNode on a single node', () => {
    const v = { now: T, deploymentType: 'UCCE' as const, link: { state: 'IN_SERVICE' as const, side: 'A' as const, since: 0, reason: '' }, fqdn: 'fin1.example.com', ports: { https: 8445, xmpp: 5222, xmpps: 5223 }, secondaryHost: null };
    const el = parse(serialize(renderSystemInfo(v)));
    assert.equal(el.getChildText('status'), 'IN_SERVICE');
    assert.equal(el.getChildText('xmppDomain'), 'fin1.example.com');
    assert.equal(el.getChildText('xmppPubSubDomain'), 'pubsub.fin1.example.com');
    assert.equal(el.getChild('primaryNode')!.getChildText('host'), 'fin1.example.com');
    assert.equal(el.getChild('secondaryNode'), undefined);
    assert.equal(el.getChildText('currentTimestamp'), '2023-01-13T11:07:11.466Z');
    const pair = parse(serialize(renderSystemInfo({ ...v, secondaryHost: 'fin2.example.com' })));
    assert.equal(pair.getChild('secondaryNode')!.getChildText('host'), 'fin2.example.com');
  });

  it('ReasonCodes carries the category attribute; WrapUpReasons items have uri and label', () => {
    const { dir } = fixtures();
    const rcs = parse(serialize(renderReasonCodes(dir.reasonCodes('NOT_READY'), 'NOT_READY')));
    assert.equal(rcs.attr('category'), 'NOT_READY');
    assert.equal(rcs.getChildren('ReasonCode').length, 1);
    const w = parse(serialize(renderWrapUpReasons([{ id: '205', label: 'Product Question', forAll: true }])));
    assert.equal(w.getChild('WrapUpReason')!.getChildText('uri'), '/finesse/api/WrapUpReason/205');
  });
});

describe('request parsing', () => {
  it('reads the documented sign-in and state bodies', () => {
    const el = parseRoot('<User><state>LOGIN</state><extension>1001001</extension></User>', 'User', 65536);
    assert.ok(el.ok);
    assert.deepEqual(readUserUpdate(el.value), { state: 'LOGIN', extension: '1001001', reasonCodeId: undefined });
  });

  it('refuses malformed XML, the wrong root, an empty body, a DOCTYPE, entities and deep nesting with 400 Bad Request', () => {
    for (const body of ['<User><state>READY</User>', '<Dialog/>', '', '<!DOCTYPE x [<!ENTITY a "b">]><User/>', '<User>&lol;</User>',
      '<User>' + '<a>'.repeat(40) + '</a>'.repeat(40) + '</User>', '\u0000']) {
      const r = parseRoot(body, 'User', 65536);
      assert.ok(!r.ok, body);
      assert.equal(r.error.status, 400);
      assert.equal(r.error.type, 'Bad Request');
    }
  });

  it('reads UPDATE_CALL_DATA call variables and the wrap-up reason; DTMF action params', () => {
    const el = parseRoot('<Dialog><requestedAction>UPDATE_CALL_DATA</requestedAction><mediaProperties><wrapUpReason>Sales Call</wrapUpReason><callvariables><CallVariable><name>callVariable1</name><value>x</value></CallVariable></callvariables></mediaProperties></Dialog>', 'Dialog', 65536);
    assert.ok(el.ok);
    const r = readDialogRequest(el.value);
    assert.ok(r.ok);
    assert.deepEqual(r.value.callVariables, [{ name: 'callVariable1', value: 'x' }]);
    assert.equal(r.value.wrapUpReason, 'Sales Call');
    const dtmf = parseRoot('<Dialog><requestedAction>SEND_DTMF</requestedAction><targetMediaAddress>1001001</targetMediaAddress><actionParams><ActionParam><name>dtmfString</name><value>777</value></ActionParam></actionParams></Dialog>', 'Dialog', 65536);
    assert.ok(dtmf.ok);
    const d = readDialogRequest(dtmf.value);
    assert.ok(d.ok);
    assert.equal(d.value.actionParams.get('dtmfString'), '777');
  });

  it('call variable rules: names, 40 bytes each, 2000 bytes of ECC, no duplicates', () => {
    assert.equal(validateCallVariables([{ name: 'callVariable10', value: 'a'.repeat(40) }]), undefined);
    assert.equal(validateCallVariables([{ name: 'callVariable11', value: '' }])?.type, 'Invalid Input');
    assert.equal(validateCallVariables([{ name: 'callVariable1', value: 'a'.repeat(41) }])?.type, 'Invalid Input');
    assert.equal(validateCallVariables([{ name: 'callVariable1', value: '' }, { name: 'callVariable1', value: '' }])?.type, 'Invalid Input');
    const ecc = Array.from({ length: 51 }, (_, i) => ({ name: `user.v${i}`, value: 'a'.repeat(40) }));
    assert.equal(validateCallVariables(ecc)?.message, 'ECC variables longer than 2000 bytes in total');
  });
});
