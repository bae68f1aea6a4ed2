import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { xml, type Element } from '../../xml/element.js';
import { NS_CLIENT } from '../../xml/ns.js';
import { silentLogger } from '../../shared/logger.js';
import { parseJid, type Jid } from '../jid.js';
import { SessionRegistry, type BoundSession } from '../session/session-registry.js';
import { createPresenceService, type PresenceEvent } from './presence.js';

class FakeSession implements BoundSession {
  readonly id: string;
  readonly jid: Jid;
  readonly transportKind = 'bosh' as const;
  priority = 0;
  inbox: Element[] = [];
  constructor(full: string, public isAvailable = false) {
    this.jid = parseJid(full)!;
    this.id = full;
  }
  deliver(st: Element): void { this.inbox.push(st); }
}

function setup() {
  const registry = new SessionRegistry<FakeSession>();
  const delivered: Element[] = [];
  const offlineFor: string[] = [];
  const events: PresenceEvent[] = [];
  const presence = createPresenceService({
    finesseJid: 'finesse@localhost/finesse',
    registry,
    deliverOffline: (s) => { offlineFor.push(s.jid.full); },
    deliver: (st) => { delivered.push(st); },
    log: silentLogger,
  });
  presence.onPresence((e) => events.push(e));
  return { registry, presence, delivered, offlineFor, events };
}

const available = () => xml('presence', { xmlns: NS_CLIENT });

describe('presence service', () => {
  it('answers initial presence with the finesse contact, then the offline messages', () => {
    const t = setup();
    const s = new FakeSession('1001001@localhost/desktop', true);
    t.registry.add(s);
    t.presence.presenceChanged(s, available(), true);
    const finesse = s.inbox.find((st) => st.attr('from') === 'finesse@localhost/finesse');
    assert.ok(finesse);
    assert.equal(finesse.attr('type'), undefined);
    assert.deepEqual(t.offlineFor, ['1001001@localhost/desktop']);
    assert.deepEqual(t.events.map((e) => [e.jid.full, e.type, e.initial]), [['1001001@localhost/desktop', 'available', true]]);
  });

  it('broadcasts unavailable to observers and directed-presence targets when an available session ends', () => {
    const t = setup();
    const s = new FakeSession('1001001@localhost/desktop', true);
    t.registry.add(s);
    t.presence.presenceChanged(s, available(), true);
    t.presence.directedPresence(s, parseJid('1002001@localhost/sup')!, available());
    t.registry.remove(s);
    t.presence.sessionEnded(s, true, 'idle');
    assert.equal(t.events.at(-1)?.type, 'unavailable');
    assert.equal(t.events.at(-1)?.reason, 'idle');
    const directed = t.delivered.find((st) => st.attr('to') === '1002001@localhost/sup');
    assert.equal(directed?.attr('type'), 'unavailable');
    assert.equal(directed?.attr('from'), '1001001@localhost/desktop');
  });

  it('says nothing when a session that never sent presence ends', () => {
    const t = setup();
    const s = new FakeSession('1001001@localhost/x');
    t.presence.sessionEnded(s, false, 'closed');
    assert.equal(t.events.length, 0);
    assert.equal(t.delivered.length, 0);
  });

  it('tells every available session when the finesse contact goes away and comes back', () => {
    const t = setup();
    const a = new FakeSession('1001001@localhost/desktop', true);
    const b = new FakeSession('1001002@localhost/desktop', false);
    t.registry.add(a);
    t.registry.add(b);
    t.presence.setFinesseAvailable(false);
    assert.equal(a.inbox.at(-1)?.attr('type'), 'unavailable');
    assert.equal(b.inbox.length, 0);
    t.presence.setFinesseAvailable(true);
    assert.equal(a.inbox.at(-1)?.attr('type'), undefined);
  });

  it('keeps working when an observer throws', () => {
    const t = setup();
    t.presence.onPresence(() => { throw new Error('boom'); });
    const s = new FakeSession('1001001@localhost/desktop', true);
    t.registry.add(s);
    assert.doesNotThrow(() => t.presence.presenceChanged(s, available(), true));
    assert.equal(t.events.length, 1);
  });
});
