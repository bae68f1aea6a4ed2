// The event → <Update> mapping of [finesse-api] §4.2 (node, source, data root, event, requestId), and the
// glue against the scripted contact center.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseElement } from '../../xml/parse.js';
import type { Element } from '../../xml/element.js';
import { createMemoryStores } from '../../storage/memory/memory-stores.js';
import { ScriptedContactCenter } from '../../contact-center/testing/scripted-contact-center.js';
import type { AgentStatus, DomainEvent } from '../../contact-center/contact-center.js';
import { silentLogger } from '../../shared/logger.js';
import { storesDirectory } from '../directory.js';
import { attachNotifier, updatesFor, type NotifierContext } from './notifier.js';

function setup() {
  const stores = createMemoryStores();
  stores.teams.put({ id: '1', name: 'Team A' });
  stores.queues.put({ id: '1', name: 'Sales' });
  stores.users.put({ id: '1001001', loginName: '1001001', firstName: 'A', lastName: 'B', extension: '1001001', roles: ['agent'], teamId: '1', supervisedTeamIds: [], queueIds: ['1'] });
  const dir = storesDirectory(stores);
  const ctx: NotifierContext = {
    dir, deploymentType: 'UCCE', agentByExtension: () => undefined, agents: () => [],
    systemInfo: () => ({ now: 1, deploymentType: 'UCCE', link: { state: 'IN_SERVICE', side: 'A', since: 0, reason: '' }, fqdn: 'localhost', ports: { https: 1, xmpp: 2, xmpps: 3 }, secondaryHost: null }),
  };
  return { stores, dir, ctx };
}

const parse = (s: string): Element => { const r = parseElement(s); assert.ok(r.ok); return r.value; };
const agent: AgentStatus = { agentId: '1001001', extension: '1001001', state: 'READY', reasonCode: null, pendingState: null, stateChangeTime: 5 };

describe('updatesFor', () => {
  it('agent-changed → full user on the User node and a summary on the Team Users node, with the requestId', () => {
    const { ctx } = setup();
    const pubs = updatesFor({ kind: 'agent-changed', agent, requestId: 'abc' }, ctx);
    assert.deepEqual(pubs.map((p) => p.node), ['/finesse/api/User/1001001', '/finesse/api/Team/1/Users']);
    for (const p of pubs) {
      const u = parse(p.update);
      assert.equal(u.getChildText('event'), 'PUT');
      assert.equal(u.getChildText('requestId'), 'abc');
      assert.equal(u.getChildText('source'), '/finesse/api/User/1001001');
      assert.equal(u.getChild('data')!.elements()[0]!.name, 'user');
    }
    assert.equal(parse(pubs[0]!.update).getChild('data')!.getChild('user')!.getChildText('state'), 'READY');
  });

  it('dialog events go to the Dialogs node of each agent on the call', () => {
    const { ctx } = setup();
    const cc = new ScriptedContactCenter({ now: () => 1, agentIds: ['1001001'] });
    void cc; // only the Dialog shape is needed
    const dialog = {
      id: '77', associatedDialogId: null, mediaType: 'Voice' as const, fromAddress: '555', toAddress: '1001001', state: 'ALERTING' as const, callType: 'ACD_IN',
      dialedNumber: '', dnis: '', queueId: '1', queueName: 'Sales', callVariables: [], wrapUpReason: null, createdAt: 0,
      participants: [{ mediaAddress: '1001001', mediaAddressType: 'AGENT_DEVICE', agentId: '1001001', state: 'ALERTING' as const, stateCause: null, startTime: 0, stateChangeTime: 0, actions: ['ANSWER' as const] }],
    };
    const check = (event: DomainEvent, ev: string, source: string, root: string) => {
      const [p, ...rest] = updatesFor(event, ctx);
      assert.equal(rest.length, 0);
      assert.equal(p!.node, '/finesse/api/User/1001001/Dialogs');
      const u = parse(p!.update);
      assert.deepEqual([u.getChildText('event'), u.getChildText('source'), u.getChild('data')!.elements()[0]!.name], [ev, source, root]);
    };
    check({ kind: 'dialog-created', dialog }, 'POST', '/finesse/api/User/1001001/Dialogs', 'dialogs');
    check({ kind: 'dialog-updated', dialog, requestId: 'r' }, 'PUT', '/finesse/api/Dialog/77', 'dialog');
    check({ kind: 'dialog-deleted', dialog }, 'DELETE', '/finesse/api/User/1001001/Dialogs', 'dialogs');
  });

  it('request-failed → apiErrors on the User node or on the agent Dialogs node with the Dialog source', () => {
    const { ctx } = setup();
    const failure = { errorType: 'Invalid State', errorMessage: 'CF_INVALID_OBJECT_STATE', errorCode: 22 };
    const [u] = updatesFor({ kind: 'request-failed', target: { type: 'User', agentId: '1001001' }, failure, requestId: 'x1' }, ctx);
    assert.equal(u!.node, '/finesse/api/User/1001001');
    const ue = parse(u!.update);
    assert.equal(ue.getChildText('requestId'), 'x1');
    assert.equal(ue.getChild('data')!.getChild('apiErrors')!.getChild('apiError')!.getChildText('errorData'), '22');
    const [d] = updatesFor({ kind: 'request-failed', target: { type: 'Dialog', dialogId: '77', agentId: '1001001' }, failure, requestId: 'x2' }, ctx);
    assert.equal(d!.node, '/finesse/api/User/1001001/Dialogs');
    assert.equal(parse(d!.update).getChildText('source'), '/finesse/api/Dialog/77');
  });

  it('queue-changed → /Queue/<id> with a Queue root; link-changed → SystemInfo', () => {
    const { ctx } = setup();
    const stats = { queueId: '1', callsInQueue: 2, startTimeOfLongestCallInQueue: null, agentsReady: 1, agentsNotReady: 0, agentsBusyOther: 0, agentsLoggedOn: 1,
      agentsTalkingInbound: 0, agentsTalkingOutbound: 0, agentsTalkingInternal: 0, agentsWrapUpNotReady: 0, agentsWrapUpReady: 0, callsHandledToday: 0, callsAbandonedToday: 0, serviceLevelPct: null };
    const [q] = updatesFor({ kind: 'queue-changed', stats }, ctx);
    assert.equal(q!.node, '/finesse/api/Queue/1');
    assert.equal(parse(q!.update).getChild('data')!.getChild('Queue')!.getChild('statistics')!.getChildText('callsInQueue'), '2');
    assert.deepEqual(updatesFor({ kind: 'queue-changed', stats: { ...stats, queueId: '99' } }, ctx), []);
    const [s] = updatesFor({ kind: 'link-changed', link: { state: 'OUT_OF_SERVICE', side: null, since: 0, reason: 'CTI down' } }, ctx);
    assert.equal(s!.node, '/finesse/api/SystemInfo');
    assert.equal(parse(s!.update).getChild('data')!.getChild('SystemInfo')!.getChildText('status'), 'OUT_OF_SERVICE');
  });

  it('resynchronized republishes the signed-in agents only', () => {
    const { ctx } = setup();
    const pubs = updatesFor({ kind: 'resynchronized', at: 1 }, { ...ctx, agents: () => [agent, { ...agent, agentId: '1001002', state: 'LOGOUT' }] });
    assert.deepEqual(pubs.map((p) => p.node), ['/finesse/api/User/1001001', '/finesse/api/Team/1/Users']);
  });

  it('events for unknown users publish nothing', () => {
    const { ctx } = setup();
    assert.deepEqual(updatesFor({ kind: 'agent-changed', agent: { ...agent, agentId: 'ghost' } }, ctx), []);
  });
});

describe('attachNotifier', () => {
  it('publishes what the contact center emits, survives a publish that throws, and detaches', async () => {
    const { ctx } = setup();
    const cc = new ScriptedContactCenter({ now: () => 1, agentIds: ['1001001'] });
    const seen: string[] = [];
    let throwOnce = true;
    const detach = attachNotifier({
      contactCenter: cc, log: silentLogger, context: { dir: ctx.dir, deploymentType: 'UCCE', systemInfo: ctx.systemInfo },
      publish: (node) => { if (throwOnce) { throwOnce = false; throw new Error('no such node'); } seen.push(node); },
    });
    await cc.setAgentState({ agentId: '1001001', state: 'LOGIN', extension: '1001001', requestId: 'r' });
    assert.deepEqual(seen, ['/finesse/api/Team/1/Users']);
    detach();
    await cc.setAgentState({ agentId: '1001001', state: 'READY' });
    assert.equal(seen.length, 1);
  });
});
