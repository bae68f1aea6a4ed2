import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actorFor, affiliationOf, CAPABILITIES, INTERNAL_ACTOR, may, type Actor } from './access.js';
import { contactCenter, DOMAIN } from './testing/fixtures.js';

function setup() {
  const cc = contactCenter();
  const actor = (id: string): Actor => actorFor(`${id}@${DOMAIN}`, cc.users.get(id));
  const ctx = { directory: cc.directory };
  const canSubscribe = (a: Actor, node: string) => may(a, 'subscribe', node, ctx);
  return { cc, actor, ctx, canSubscribe };
}

describe('access: capabilities table', () => {
  it('owners may do everything, members subscribe and read, others nothing', () => {
    assert.ok(Object.values(CAPABILITIES.owner).every((v) => v));
    assert.deepEqual(Object.entries(CAPABILITIES.member).filter(([, v]) => v).map(([k]) => k), ['subscribe', 'retrieve-items']);
    assert.ok(Object.values(CAPABILITIES.none).every((v) => !v));
  });

  it('administrators are the users with the admin role unless told otherwise', () => {
    const { cc } = setup();
    assert.equal(actorFor(`admin@${DOMAIN}`, cc.users.get('admin')).isAdmin, true);
    assert.equal(actorFor(`1001001@${DOMAIN}`, cc.users.get('1001001')).isAdmin, false);
    assert.equal(actorFor(`finesse@${DOMAIN}`, undefined, true).isAdmin, true);
  });
});

describe('access: agents', () => {
  it('an agent may use its own User, Dialogs, ClientLog, Media and Queues nodes', () => {
    const { actor, canSubscribe } = setup();
    for (const n of ['', '/Dialogs', '/ClientLog', '/Media/1', '/Queues', '/Queue/1']) {
      assert.equal(canSubscribe(actor('1001001'), `/finesse/api/User/1001001${n}`), true, n);
    }
  });

  it("an agent is refused another agent's nodes, even a teammate's", () => {
    const { actor, canSubscribe } = setup();
    for (const n of ['', '/Dialogs', '/ClientLog', '/Media/1', '/Queues', '/Queue/1']) {
      assert.equal(canSubscribe(actor('1001001'), `/finesse/api/User/1001002${n}`), false, n);
      assert.equal(canSubscribe(actor('1001001'), `/finesse/api/User/1002001${n}`), false, n);
    }
    assert.equal(affiliationOf(actor('1001001'), '/finesse/api/User/1001002', { directory: setup().cc.directory }), 'none');
  });

  it('an agent may use the queue nodes of the queues it is skilled in, and only those', () => {
    const { actor, canSubscribe } = setup();
    assert.equal(canSubscribe(actor('1001001'), '/finesse/api/Queue/1'), true);
    assert.equal(canSubscribe(actor('1001001'), '/finesse/api/Queue/2'), false);
    assert.equal(canSubscribe(actor('1002001'), '/finesse/api/Queue/2'), true);
  });

  it('an agent is refused team nodes, including its own team', () => {
    const { actor, canSubscribe } = setup();
    assert.equal(canSubscribe(actor('1001001'), '/finesse/api/Team/1/Users'), false);
  });

  it('an agent may not publish, create, configure, purge or delete, even on its own nodes', () => {
    const { actor, ctx } = setup();
    for (const action of ['publish', 'create', 'configure', 'purge', 'delete', 'manage-subscriptions'] as const) {
      assert.equal(may(actor('1001001'), action, '/finesse/api/User/1001001', ctx), false, action);
    }
  });
});

describe('access: supervisors', () => {
  it("a supervisor may use its team's Users node and is refused the other team's", () => {
    const { actor, canSubscribe } = setup();
    assert.equal(canSubscribe(actor('1001099'), '/finesse/api/Team/1/Users'), true);
    assert.equal(canSubscribe(actor('1001099'), '/finesse/api/Team/2/Users'), false);
    assert.equal(canSubscribe(actor('1002099'), '/finesse/api/Team/2/Users'), true);
    assert.equal(canSubscribe(actor('1002099'), '/finesse/api/Team/1/Users'), false);
  });

  it('a supervisor may use every node of the members of its teams, not of other teams', () => {
    const { actor, canSubscribe } = setup();
    for (const n of ['', '/Dialogs', '/ClientLog', '/Media/1', '/Queues']) {
      assert.equal(canSubscribe(actor('1001099'), `/finesse/api/User/1001002${n}`), true, n);
      assert.equal(canSubscribe(actor('1001099'), `/finesse/api/User/1002001${n}`), false, n);
    }
    assert.equal(canSubscribe(actor('1001099'), '/finesse/api/User/1001002/Queue/2'), true);
  });

  it('a supervisor may use the queue nodes its team members are skilled in', () => {
    const { actor, canSubscribe } = setup();
    assert.equal(canSubscribe(actor('1001099'), '/finesse/api/Queue/1'), true);
    assert.equal(canSubscribe(actor('1001099'), '/finesse/api/Queue/2'), true);
    assert.equal(canSubscribe(actor('1002099'), '/finesse/api/Queue/1'), true);
  });

  it('supervised teams count only with the supervisor role', () => {
    const { cc, ctx } = setup();
    const pretender = { ...cc.users.get('1001001')!, supervisedTeamIds: ['1'] };
    assert.equal(may(actorFor(`1001001@${DOMAIN}`, pretender), 'subscribe', '/finesse/api/Team/1/Users', ctx), false);
  });
});

describe('access: everyone, administrators, the internal API', () => {
  it('everyone may use SystemInfo, even an XMPP account without a directory record', () => {
    const { actor, canSubscribe } = setup();
    for (const a of [actor('1001001'), actor('1001099'), actorFor(`finesse@${DOMAIN}`, undefined)]) {
      assert.equal(canSubscribe(a, '/finesse/api/SystemInfo'), true);
    }
  });

  it('an account without a directory record gets nothing else', () => {
    const { canSubscribe } = setup();
    const stranger = actorFor(`1001001x@${DOMAIN}`, undefined);
    assert.equal(canSubscribe(stranger, '/finesse/api/User/1001001'), false);
    assert.equal(canSubscribe(stranger, '/finesse/api/Queue/1'), false);
  });

  it('an administrator owns every node, including administrator-created ones', () => {
    const { actor, ctx } = setup();
    for (const node of ['/finesse/api/User/1001001', '/finesse/api/Team/2/Users', '/bench', '/finesse/api/SystemInfo']) {
      assert.equal(affiliationOf(actor('admin'), node, ctx), 'owner', node);
      assert.equal(may(actor('admin'), 'publish', node, ctx), true);
      assert.equal(may(actor('admin'), 'delete', node, ctx), true);
    }
  });

  it('the internal API may publish everywhere', () => {
    const { ctx } = setup();
    assert.equal(may(INTERNAL_ACTOR, 'publish', '/finesse/api/User/1001001/Dialogs', ctx), true);
  });

  it('administrator-created nodes are closed unless their access model is open', () => {
    const { actor, cc } = setup();
    assert.equal(may(actor('1001001'), 'subscribe', '/bench', { directory: cc.directory, accessModel: 'whitelist' }), false);
    assert.equal(may(actor('1001001'), 'subscribe', '/bench', { directory: cc.directory }), false);
    assert.equal(may(actor('1001001'), 'subscribe', '/bench', { directory: cc.directory, accessModel: 'open' }), true);
    assert.equal(may(actor('1001001'), 'publish', '/bench', { directory: cc.directory, accessModel: 'open' }), false);
  });
});
