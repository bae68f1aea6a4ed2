import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXml } from '../../web/lib/xml.js';
import { alternateHost, idFromUri, parseApiErrors, parseDialog, parseQueue, parseSystemInfo, parseTeam, parseUser } from '../../web/lib/finesse-objects.js';
import { parseUpdate } from '../../web/lib/update.js';
import { backoffDelay, clientStamp, driftLine, measureDrift, serverStamp } from '../../web/lib/timing.js';
import { ClientLog } from '../../web/lib/client-log.js';
import { parser } from './fakes.js';

const root = (xml: string) => parseXml(xml, parser)!;

describe('Finesse objects from XML (finesse-api.md §2, §4)', () => {
  test('User: state, reason, -1 as no reason, roles, supervised teams', () => {
    const u = parseUser(root(`<User><uri>/finesse/api/User/1001001</uri><loginId>1001001</loginId><firstName>Alice</firstName><lastName>Johnson</lastName>
      <extension>1001001</extension><state>NOT_READY</state><reasonCodeId>-1</reasonCodeId><stateChangeTime>2026-11-22T08:55:03.424Z</stateChangeTime>
      <roles><role>Agent</role><role>Supervisor</role></roles><teams><Team><uri>/finesse/api/Team/2</uri><name>Team B</name></Team></teams>
      <ReasonCode><category>NOT_READY</category><uri>/finesse/api/ReasonCode/16</uri><code>10</code><label>Team Meeting</label><id>16</id></ReasonCode></User>`));
    assert.equal(u.id, '1001001');
    assert.equal(u.reasonCodeId, '');
    assert.equal(u.reasonCode?.label, 'Team Meeting');
    assert.deepEqual(u.roles, ['Agent', 'Supervisor']);
    assert.deepEqual(u.teams, [{ id: '2', name: 'Team B' }]);
    assert.equal(u.stateChangeTime, Date.parse('2026-11-22T08:55:03.424Z'));
  });

  test('Dialog: participants with actions, call variables, wrap-up reason', () => {
    const d = parseDialog(root(`<Dialog><id>140953817</id><fromAddress>5551234</fromAddress><toAddress>1001001</toAddress><state>ALERTING</state>
      <mediaProperties><callType>ACD_IN</callType><wrapUpReason>Sales</wrapUpReason><callvariables><CallVariable><name>callVariable1</name><value>Chuck</value></CallVariable></callvariables></mediaProperties>
      <participants><Participant><actions><action>ANSWER</action></actions><mediaAddress>1001001</mediaAddress><mediaAddressType>AGENT_DEVICE</mediaAddressType><state>ALERTING</state></Participant></participants>
      <uri>/finesse/api/Dialog/140953817</uri></Dialog>`));
    assert.equal(d.id, '140953817');
    assert.deepEqual(d.participants[0]!.actions, ['ANSWER']);
    assert.deepEqual(d.callVariables, [{ name: 'callVariable1', value: 'Chuck' }]);
    assert.equal(d.wrapUpReason, 'Sales');
  });

  test('Team, Queue and SystemInfo; the alternate host as finesse.js decides it', () => {
    const t = parseTeam(root('<Team><uri>/finesse/api/Team/1</uri><id>1</id><name>Team A</name><users><User><loginId>1001001</loginId><state>READY</state><reasonCode><label>Lunch</label><id>3</id></reasonCode></User></users></Team>'));
    assert.equal(t.users[0]!.reasonLabel, 'Lunch');
    const q = parseQueue(root('<Queue><uri>/finesse/api/Queue/1</uri><name>Sales</name><statistics><callsInQueue>3</callsInQueue></statistics></Queue>'));
    assert.deepEqual([q.id, q.statistics.callsInQueue], ['1', '3']);
    const si = parseSystemInfo(root('<SystemInfo><status>IN_SERVICE</status><xmppDomain>a.example</xmppDomain><primaryNode><host>a.example</host></primaryNode><secondaryNode><host>b.example</host></secondaryNode><timezoneOffset>-300</timezoneOffset></SystemInfo>'));
    assert.equal(si.pubsubDomain, 'pubsub.a.example');
    assert.equal(alternateHost(si), 'b.example');
    assert.equal(alternateHost({ ...si, xmppDomain: 'b.example' }), 'a.example');
    assert.equal(alternateHost({ ...si, secondaryHost: '' }), '');
    assert.equal(idFromUri('/finesse/api/User/1234/'), '1234');
  });

  test('ApiErrors in both cases (HTTP body and event)', () => {
    assert.deepEqual(parseApiErrors(root('<ApiErrors><ApiError><ErrorType>Invalid State</ErrorType><ErrorMessage>CF_INVALID_OBJECT_STATE</ErrorMessage><ErrorData>22</ErrorData></ApiError></ApiErrors>')),
      [{ errorType: 'Invalid State', errorMessage: 'CF_INVALID_OBJECT_STATE', errorData: '22' }]);
    assert.equal(parseApiErrors(root('<apiErrors><apiError><errorType>Generic Error</errorType></apiError></apiErrors>'))[0]!.errorType, 'Generic Error');
  });

  test('Update: event upper-cased, data root, errors, hostile input refused', () => {
    const u = parseUpdate('<Update><data><apiErrors><apiError><errorType>Invalid Device</errorType></apiError></apiErrors></data><event>put</event><requestId>r1</requestId><source>/finesse/api/User/1</source></Update>', parser)!;
    assert.deepEqual([u.event, u.dataType, u.requestId, u.errors[0]!.errorType], ['PUT', 'apierrors', 'r1', 'Invalid Device']);
    assert.equal(parseUpdate('<NotUpdate/>', parser), undefined);
    assert.equal(parseUpdate('<Update><data>', parser), undefined);
    assert.equal(parseUpdate(`<Update>${'x'.repeat(1_100_000)}</Update>`, parser), undefined);
    assert.equal(parseUpdate('<!DOCTYPE x [<!ENTITY a "aaaa">]><Update><event>&a;</event></Update>', parser), undefined);
  });
});

describe('timing and the client log (product document 000)', () => {
  test('drift and round-trip latency, and the Header line', () => {
    const r = measureDrift({ sentAt: 1000, receivedAt: 1100, serverTime: 550 });
    assert.deepEqual([r.latencyMs, r.driftMs], [100, 500]);
    assert.equal(driftLine({ driftMs: 12, latencyMs: 40, clientTime: Date.UTC(2019, 0, 11, 17, 24, 14, 586), serverTime: Date.UTC(2019, 0, 11, 17, 24, 14, 577) }),
      'Header : Client: 2019-01-11T17:24:14.586Z, Server: 2019-01-11T17:24:14.577Z, Drift: 12 ms, Network Latency (round trip): 40 ms');
  });

  test('date stamps in the document\'s two layouts', () => {
    const t = Date.UTC(2019, 0, 11, 17, 24, 14, 586);
    assert.equal(clientStamp(t, -300), '2019-01-11T12:24:14.586 -05:00');
    assert.equal(serverStamp(t - 9, -360), 'Jan 11 2019 11:24:14.577 -0600');
  });

  test('backoff grows to the cap with bounded jitter', () => {
    assert.equal(backoffDelay(0, 0.5), 1000);
    assert.equal(backoffDelay(3, 0.5), 8000);
    assert.equal(backoffDelay(20, 0.5), 30_000);
    assert.ok(backoffDelay(1, 0) >= 1600 && backoffDelay(1, 0.999) <= 2400);
  });

  test('the client log keeps the newest lines within its bound', () => {
    let now = Date.UTC(2026, 10, 22, 9, 0, 0, 0);
    const log = new ClientLog({ now: () => now, clientOffsetMinutes: () => 60, serverDriftMs: () => 5, serverOffsetMinutes: () => 0, fqdn: () => 'fin1.example', maxChars: 300 });
    const line = log.log('hello\nworld');
    assert.equal(line, '2026-11-22T10:00:00.000 +01:00: : fin1.example: Nov 22 2026 08:59:59.995 +0000: hello world');
    for (let i = 0; i < 10; i++) { now += 1; log.log(`line ${i}`); }
    assert.ok(log.text().length <= 300);
    assert.match(log.text(), /line 9$/);
  });
});
