import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { bytes, pkiFixture, type PkiFixture } from './lab-fixture.js';
import { labIssue, labRoot } from './lab.js';
import { openssl, skipWithoutOpenssl } from './openssl-oracle.js';
import { createInProcessTrustReplication } from './trust-store.js';
import type { ImportReport } from './cert-import.js';

const DAY = 86_400_000;
let f: PkiFixture;
before(async () => { f = await pkiFixture(); });
after(() => f.cleanup());

const codes = (r: ImportReport) => r.errors.map((e) => e.code);
const trustFiles = (g: PkiFixture, s: 'tomcat' | 'cti-server' = 'tomcat') => readdirSync(g.pki.trustStores[s]).sort();

async function refusedTrust(data: Uint8Array, code: string, message: RegExp, opts: { peer?: boolean } = {}): Promise<void> {
  const before = trustFiles(f);
  const served = f.certs.secureContextOptions('tomcat');
  const r = await f.manager.importTrust('tomcat', data, opts);
  assert.equal(r.ok, false);
  assert.ok(codes(r).includes(code), JSON.stringify(r.errors));
  assert.match(r.errors.map((e) => e.message).join('\n'), message);
  assert.deepEqual(trustFiles(f), before, 'nothing written');
  assert.equal(f.certs.secureContextOptions('tomcat'), served);
}

describe('trust uploads', () => {
  it('roots and intermediates in any order; the trust bundle of the store grows (hot reload)', async () => {
    const root = await labRoot({ subject: 'CN=Order Root CA' });
    const int = await labIssue(root, { subject: 'CN=Order Issuing CA', ca: true });
    const r = await f.manager.importTrust('tomcat', bytes(int.pem + root.pem));
    assert.ok(r.ok, JSON.stringify(r.errors));
    assert.deepEqual([...r.added].sort(), ['CN=Order Issuing CA', 'CN=Order Root CA']);
    assert.ok(f.certs.secureContextOptions('tomcat').ca?.includes(root.pem.trim().split('\n')[1]!));
    const again = await f.manager.importTrust('tomcat', bytes(root.pem));
    assert.ok(again.ok);
    assert.deepEqual(again.skipped, ['CN=Order Root CA']);
  });

  it('same subject: the newer validity start replaces the older one; an older one is not added', async () => {
    const now = Date.now();
    const older = await labRoot({ subject: 'CN=Rolling Root CA', notBefore: now - 20 * DAY });
    const newer = await labRoot({ subject: 'CN=Rolling Root CA', notBefore: now - 2 * DAY });
    assert.ok((await f.manager.importTrust('tomcat', bytes(older.pem))).ok);
    const r = await f.manager.importTrust('tomcat', bytes(newer.pem));
    assert.ok(r.ok);
    assert.deepEqual(r.replaced, ['CN=Rolling Root CA']);
    const back = await f.manager.importTrust('tomcat', bytes(older.pem));
    assert.ok(back.ok);
    assert.deepEqual(back.added, []);
    assert.ok(back.warnings.some((w) => w.code === 'older-than-existing'));
    const listing = f.manager.listStore('tomcat-trust');
    assert.ok(listing.ok);
    assert.equal(listing.value.certificates.filter((c) => c.subject === 'CN=Rolling Root CA').length, 1);
  });

  it('refuses a self-signed leaf as a CA (accepted with --peer), an expired root, an orphan intermediate', async (t) => {
    const selfLeaf = await labRoot({ subject: 'CN=peer.example.com', ca: false, sans: ['peer.example.com'] });
    await refusedTrust(bytes(selfLeaf.pem), 'not-ca', /is not a CA certificate.*--peer/);
    const peer = await f.manager.importTrust('tomcat', bytes(selfLeaf.pem), { peer: true });
    assert.ok(peer.ok, JSON.stringify(peer.errors));

    const now = Date.now();
    const expired = await labRoot({ subject: 'CN=Expired Root CA', notBefore: now - 30 * DAY, notAfter: now - DAY });
    await refusedTrust(bytes(expired.pem), 'expired', /CN=Expired Root CA: expired on/);
    if (!skipWithoutOpenssl) {
      const v = openssl(['verify', '-CAfile', '{r.pem}', '{r.pem}'], { 'r.pem': expired.pem });
      assert.match(v.stdout + v.stderr, /certificate has expired/);
    }

    const hidden = await labRoot({ subject: 'CN=Hidden Root CA' });
    const orphan = await labIssue(hidden, { subject: 'CN=Orphan Issuing CA', ca: true });
    await refusedTrust(bytes(orphan.pem), 'chain-missing-issuer', /the issuer of CN=Orphan Issuing CA is missing: CN=Hidden Root CA \(key identifier [0-9A-F:]+\)/);
    const critical = await labRoot({ subject: 'CN=Critical Root CA', criticalUnknown: '1.3.6.1.4.1.99999.7' });
    await refusedTrust(bytes(critical.pem), 'critical-extension', /1\.3\.6\.1\.4\.1\.99999\.7/);
    const weak = await labRoot({ subject: 'CN=Weak Root CA', rsaBits: 1024 });
    await refusedTrust(bytes(weak.pem), 'key-size', /RSA-1024 key refused/);
    // one bad certificate refuses the whole file
    const good = await labRoot({ subject: 'CN=Good Root CA' });
    await refusedTrust(bytes(good.pem + expired.pem), 'expired', /Expired Root CA/);
    t.diagnostic('all refused without writing');
  });

  it('deletes trust certificates, never the built-in local CA, never from an own store', async () => {
    const root = await labRoot({ subject: 'CN=Doomed Root CA' });
    assert.ok((await f.manager.importTrust('tomcat', bytes(root.pem))).ok);
    const listing = f.manager.listStore('tomcat-trust');
    assert.ok(listing.ok);
    const entry = listing.value.certificates.find((c) => c.subject === 'CN=Doomed Root CA')!;
    const local = listing.value.certificates.find((c) => c.builtIn)!;
    assert.equal((await f.manager.deleteTrust('tomcat-trust', local.fingerprint256)).ok, false);
    assert.equal((await f.manager.deleteTrust('tomcat', entry.file!)).ok, false);
    assert.equal((await f.manager.deleteTrust('tomcat-trust', '../../etc/passwd')).ok, false);
    const r = await f.manager.deleteTrust('tomcat-trust', entry.file!);
    assert.ok(r.ok);
    assert.ok(!trustFiles(f).includes(entry.file!));
    assert.doesNotMatch(f.certs.secureContextOptions('tomcat').ca ?? '', new RegExp(root.pem.split('\n')[1]!.slice(0, 40).replace(/[+/]/g, '.')));
  });
});

describe('replication between nodes (in-process)', () => {
  it('a second node receives added and removed trust certificates: identical fingerprints', async () => {
    const hub = createInProcessTrustReplication();
    const a = await pkiFixture('node-a.example.com', { replication: hub, nodeId: 'a' });
    const b = await pkiFixture('node-b.example.com', { replication: hub, nodeId: 'b' });
    try {
      const root = await labRoot({ subject: 'CN=Shared Root CA' });
      const int = await labIssue(root, { subject: 'CN=Shared Issuing CA', ca: true });
      assert.ok((await a.manager.importTrust('cti-server', bytes(root.pem + int.pem))).ok);
      const fps = (g: PkiFixture) => {
        const l = g.manager.listStore('cti-server-trust');
        assert.ok(l.ok);
        return l.value.certificates.filter((c) => !c.builtIn).map((c) => c.fingerprint256).sort();
      };
      assert.equal(fps(a).length, 2);
      assert.deepEqual(fps(b), fps(a));
      assert.ok(b.certs.secureContextOptions('cti-server').ca?.includes(root.pem.split('\n')[1]!), 'b reloaded its trust bundle');
      const file = a.manager.listStore('cti-server-trust');
      assert.ok(file.ok);
      const intEntry = file.value.certificates.find((c) => c.subject === 'CN=Shared Issuing CA')!;
      assert.ok((await a.manager.deleteTrust('cti-server-trust', intEntry.file!)).ok);
      assert.deepEqual(fps(b), fps(a));
      assert.equal(fps(b).length, 1);
      assert.deepEqual(hub.errors, []);
    } finally { a.cleanup(); b.cleanup(); }
  });
});
