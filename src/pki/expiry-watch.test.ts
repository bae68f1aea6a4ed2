import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../shared/clock.js';
import { MemoryLogger } from '../shared/logger.js';
import { createCertManager } from './cert-manager.js';
import { certificateDaysLeft, expiryLevel, startExpiryWatch } from './expiry-watch.js';
import { bytes, pkiFixture, type PkiFixture } from './lab-fixture.js';
import { labRoot } from './lab.js';

const DAY = 86_400_000;
let f: PkiFixture;
before(async () => { f = await pkiFixture(); });
after(() => f.cleanup());

describe('expiryLevel', () => {
  it('30 and 7 days, expired', () => {
    const now = Date.UTC(2026, 0, 1);
    assert.equal(expiryLevel(now + 31 * DAY, now), 'ok');
    assert.equal(expiryLevel(now + 30 * DAY, now), 'warn-30');
    assert.equal(expiryLevel(now + 8 * DAY, now), 'warn-30');
    assert.equal(expiryLevel(now + 7 * DAY, now), 'warn-7');
    assert.equal(expiryLevel(now, now), 'expired');
  });
});

describe('startExpiryWatch (clock injected)', () => {
  it('warns at 30 and 7 days, daily while it lasts, and flags an expired certificate loudly at start', async () => {
    const clock = new ManualClock(Date.now());
    const log = new MemoryLogger();
    const manager = createCertManager({ paths: f.pki, certs: f.certs, fqdn: 'parley.example.com', now: () => clock.now(), log: new MemoryLogger() });
    const soon = await labRoot({ subject: 'CN=Short Lived Root', notAfter: clock.now() + 40 * DAY });
    assert.ok((await manager.importTrust('notification', bytes(soon.pem))).ok);

    const watch = startExpiryWatch({ manager, clock, log, intervalMs: 3_600_000 });
    assert.equal(log.lines.filter((l) => l.level !== 'info').length, 0, 'nothing due yet');
    const row = () => certificateDaysLeft(manager, clock.now()).find((r) => r.subject === 'CN=Short Lived Root')!;
    assert.equal(row().store, 'notification-trust');
    assert.equal(row().level, 'ok');

    clock.advance(10 * DAY + 3_600_000); // 30 days minus an hour left
    assert.equal(row().level, 'warn-30');
    assert.equal(log.lines.filter((l) => l.msg.includes('Short Lived Root') && l.level === 'warn').length, 1);
    assert.ok(log.has('warn', 'Certificate expiry: certificate store notification-trust: CN=Short Lived Root'));
    clock.advance(12 * 3_600_000); // hourly checks, no repetition within a day
    assert.equal(log.lines.filter((l) => l.msg.includes('Short Lived Root')).length, 1);
    clock.advance(DAY);
    assert.equal(log.lines.filter((l) => l.msg.includes('Short Lived Root')).length, 2, 'daily re-alert');
    clock.advance(22 * DAY);
    assert.equal(row().level, 'warn-7');
    assert.ok(log.lines.some((l) => l.msg.includes('Short Lived Root') && /expires in [0-7] days/.test(l.msg)));
    clock.advance(8 * DAY);
    assert.equal(row().level, 'expired');
    assert.ok(log.has('error', '*** EXPIRED CERTIFICATE *** certificate store notification-trust: CN=Short Lived Root'));
    watch.stop();

    const atStart = new MemoryLogger();
    startExpiryWatch({ manager, clock, log: atStart }).stop();
    assert.ok(atStart.has('error', '*** EXPIRED CERTIFICATE AT START ***'));
    const rows = certificateDaysLeft(manager, clock.now());
    assert.equal(rows.filter((r) => r.store === 'local-ca').length, 1, 'the local CA once');
    assert.ok(rows.some((r) => r.store === 'tomcat' && r.role === 'identity'));
    assert.match(rows[0]!.notAfter, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});
