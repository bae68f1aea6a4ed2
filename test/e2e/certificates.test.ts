// Certificate management end to end (issue 6): the admin REST API, the CLI words over the admin socket,
// the OS Administration page, and hot reload seen by new TLS connections to the real https port.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import * as tls from 'node:tls';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callAdmin } from '../../src/admin/admin-client.js';
import { adminSocketPath } from '../../src/admin/socket-path.js';
import { labIssue, labRoot, labSignCsr, type LabCert } from '../../src/pki/lab.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { MemoryLogger } from '../../src/shared/logger.js';

let ts: TestServer;
let ca: string;
let files: string;
let root: LabCert;
let issuing: LabCert;
const ADMIN = `Basic ${Buffer.from('admin:admin').toString('base64')}`;

before(async () => {
  ts = await startTestServer();
  ca = readFileSync(ts.ready.ca, 'utf8');
  files = mkdtempSync(join(tmpdir(), 'parley-cert-files-'));
  root = await labRoot({ subject: 'CN=E2E Root CA, O=Lab' });
  issuing = await labIssue(root, { subject: 'CN=E2E Issuing CA, O=Lab', ca: true });
});
after(async () => {
  await ts.stop();
  rmSync(files, { recursive: true, force: true });
});

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; text: string; json: any } // eslint-disable-line @typescript-eslint/no-explicit-any

function call(method: string, path: string, body?: Uint8Array | string | object, headers: Record<string, string> = {}, trust = ca): Promise<Reply> {
  const payload = body === undefined ? undefined : typeof body === 'string' || body instanceof Uint8Array ? Buffer.from(body) : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port: ts.ready.ports.https, method, path, ca: trust, servername: 'localhost',
      headers: { authorization: ADMIN, ...(payload ? { 'content-length': String(payload.length) } : {}), ...(body !== undefined && !(body instanceof Uint8Array) && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}), ...headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function admin(...words: string[]): Promise<{ exitCode: number; output: string }> {
  const r = await callAdmin(adminSocketPath(ts.data), words);
  if (!r.ok) throw new Error(`admin call failed: ${r.reason} ${r.message}`);
  return { exitCode: r.exitCode, output: r.output };
}

function servedSerial(trust = ca): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port: ts.ready.ports.https!, ca: trust, servername: 'localhost' }, () => {
      const serial = s.getPeerCertificate().serialNumber;
      s.end();
      resolve(serial);
    });
    s.once('error', reject);
  });
}

describe('admin REST API /admin/api/certs/', () => {
  it('needs the admin role', async () => {
    assert.equal((await call('GET', '/admin/api/certs', undefined, { authorization: '' })).status, 401);
    const agent = `Basic ${Buffer.from('1001001:agent').toString('base64')}`;
    assert.equal((await call('GET', '/admin/api/certs', undefined, { authorization: agent })).status, 403);
  });

  it('lists the stores and the expiry rows; downloads a PEM', async () => {
    const r = await call('GET', '/admin/api/certs');
    assert.equal(r.status, 200);
    assert.equal(r.json.stores.length, 8);
    assert.match(r.json.stores[0].certificates[0].notAfter, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(r.json.expiry.some((x: { store: string }) => x.store === 'local-ca'));
    const pem = await call('GET', '/admin/api/certs/tomcat/pem');
    assert.equal(pem.status, 200);
    assert.match(String(pem.headers['content-disposition']), /attachment; filename="tomcat-[0-9a-f]+\.pem"/);
    assert.match(pem.text, /^-----BEGIN CERTIFICATE-----/);
    assert.equal((await call('GET', '/admin/api/certs/ipsec')).status, 404);
  });

  it('CSR → CA → upload (with dry run and refusals) → the https port serves the new chain, no restart', async () => {
    assert.equal((await call('POST', '/admin/api/certs/tomcat/import?kind=trust', root.pem)).status, 200);
    const bad = await call('POST', '/admin/api/certs/tomcat/csr', { country: 'USA' });
    assert.equal(bad.status, 400);
    assert.match(bad.json.message, /ISO 3166/);
    const csr = await call('POST', '/admin/api/certs/tomcat/csr', { organization: 'Example', country: 'US', keyType: 'P-256', extraNames: ['node2.example.com'] });
    assert.equal(csr.status, 201, csr.text);
    assert.deepEqual(csr.json.sans, ['dns:localhost', 'dns:node2.example.com']);
    const download = await call('GET', '/admin/api/certs/tomcat/csr');
    assert.equal(download.text, csr.json.csrPem);

    const before = await servedSerial();
    // The CA adds a name: refused, 422, nothing changes.
    const wrong = await labSignCsr(issuing, csr.json.csrPem, { sans: ['localhost', 'node2.example.com', 'www.localhost'] });
    const refused = await call('POST', '/admin/api/certs/tomcat/import?kind=own', wrong.pem + issuing.pem);
    assert.equal(refused.status, 422);
    assert.match(refused.json.errors[0].message, /CSR SAN and Certificate SAN do not match \(missing: none; extra: dns:www\.localhost\)/);
    assert.equal(await servedSerial(), before);
    const huge = await call('POST', '/admin/api/certs/tomcat/import?kind=own', Buffer.alloc(10 * 1024 * 1024, 0x2d));
    assert.equal(huge.status, 413);
    assert.equal(await servedSerial(), before);

    const good = await labSignCsr(issuing, csr.json.csrPem);
    const dry = await call('POST', '/admin/api/certs/tomcat/import?kind=own&dryRun=1', issuing.pem + good.pem);
    assert.equal(dry.status, 200);
    assert.equal(dry.json.dryRun, true);
    assert.equal(await servedSerial(), before);
    const done = await call('POST', '/admin/api/certs/tomcat/import?kind=own', issuing.pem + good.pem);
    assert.equal(done.status, 200, done.text);
    const after = await servedSerial(root.pem);
    assert.equal(after, done.json.activated.serial);
    assert.notEqual(after, before);
  });

  it('regenerates from the local CA, and deletes trust certificates', async () => {
    const r = await call('POST', '/admin/api/certs/tomcat/regenerate', { keyType: 'P-256' });
    assert.equal(r.status, 200, r.text);
    assert.equal(await servedSerial(), r.json.certificate.serial);
    const trust = await call('GET', '/admin/api/certs/tomcat-trust');
    const entry = trust.json.certificates.find((c: { subject: string }) => c.subject === 'CN=E2E Root CA, O=Lab');
    assert.equal((await call('DELETE', `/admin/api/certs/tomcat-trust/${encodeURIComponent(trust.json.certificates[0].fingerprint256)}`)).status, 409, 'the local CA stays');
    assert.equal((await call('DELETE', `/admin/api/certs/tomcat-trust/${entry.file}`)).status, 200);
    assert.equal((await call('PUT', '/admin/api/certs/tomcat/regenerate', {})).status, 405);
  });
});

describe('admin REST API: hostile and malformed requests change nothing', () => {
  it('answers 400/404/405/413/422 with a message', async () => {
    const before = await servedSerial();
    const cases: [string, string, Uint8Array | string | object | undefined, number, Record<string, string>?][] = [
      ['POST', '/admin/api/certs/tomcat/csr', '{not json', 400, { 'content-type': 'application/json' }],
      ['POST', '/admin/api/certs/tomcat/csr', { extraNames: 'a.example.com' }, 400],
      ['POST', '/admin/api/certs/tomcat/csr', { organization: 42 }, 400],
      ['POST', '/admin/api/certs/tomcat/csr', { keyType: 'RSA-1024' }, 400],
      ['POST', '/admin/api/certs/tomcat/csr', 'x'.repeat(20_000), 413, { 'content-type': 'application/json' }],
      ['POST', '/admin/api/certs/tomcat/regenerate', [1, 2], 400],
      ['POST', '/admin/api/certs/tomcat/regenerate', { keyType: 'DSA-512' }, 400],
      ['POST', '/admin/api/certs/tomcat/import?kind=bogus', 'x', 400],
      ['GET', '/admin/api/certs/tomcat/import', undefined, 405],
      ['PUT', '/admin/api/certs/tomcat/csr', {}, 405],
      ['GET', '/admin/api/certs/tomcat/frobnicate', undefined, 404],
      ['GET', '/admin/api/certs/tomcat/a/b/c', undefined, 404],
      ['DELETE', '/admin/api/certs/tomcat-trust/..%2F..%2Fca-key.pem', undefined, 404],
      ['DELETE', '/admin/api/certs/tomcat/whatever', undefined, 404],
      ['GET', '/admin/api/certs/tomcat/pem?which=deadbeefdeadbeef', undefined, 404],
      ['POST', '/admin/api/certs/tomcat/import?kind=own', Buffer.from('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'), 422],
      ['POST', '/admin/api/certs/tomcat/import?kind=trust', Buffer.from([0x30, 0x82, 0xff, 0xff, 0x01]), 422],
    ];
    for (const [method, path, body, status, headers] of cases) {
      const r = await call(method, path, body, headers);
      assert.equal(r.status, status, `${method} ${path}: ${r.text}`);
      assert.ok(r.json && (typeof r.json.message === 'string' || Array.isArray(r.json.errors)), `${method} ${path} explains itself`);
    }
    assert.equal(await servedSerial(), before);
    assert.ok(readFileSync(join(ts.data, 'pki', 'trust', 'ca-key.pem'), 'utf8').includes('PRIVATE KEY'), 'nothing deleted');
  });
});

describe('CLI words over the admin socket', () => {
  it('show cert list / own, set csr gen, set cert import own|trust, set cert regen, set cert delete', async () => {
    const list = await admin('show', 'cert', 'list');
    assert.equal(list.exitCode, 0);
    assert.match(list.output, /^tomcat-trust\s+CN=Parley Local CA/m);
    const own = await admin('show', 'cert', 'own', 'tomcat');
    assert.match(own.output, /-----BEGIN CERTIFICATE-----/);
    assert.equal((await admin('show', 'cert', 'own', 'ipsec')).exitCode, 2);

    const gen = await admin('set', 'csr', 'gen', 'cti-client', '--key-type', 'P-256', '--o', 'Cisco', '--c', 'US', '--parent-domain');
    assert.equal(gen.exitCode, 2, 'localhost has no parent domain');
    const weak = await admin('set', 'csr', 'gen', 'cti-client', '--key-type', 'RSA-1024');
    assert.equal(weak.exitCode, 2);
    assert.match(weak.output, /RSA-1024 is refused/);
    const ok = await admin('set', 'csr', 'gen', 'cti-client', '--key-type', 'P-256', '--o', 'Cisco', '--c', 'US');
    assert.equal(ok.exitCode, 0, ok.output);
    assert.match(ok.output, /The private key stays on this server/);
    assert.doesNotMatch(ok.output, /PRIVATE KEY/);
    const shown = await admin('show', 'csr', 'own', 'cti-client');
    assert.match(shown.output, /BEGIN CERTIFICATE REQUEST/);

    writeFileSync(join(files, 'root.pem'), root.pem);
    assert.equal((await admin('set', 'cert', 'import', 'trust', 'cti-client', join(files, 'root.pem'))).exitCode, 0);
    const signed = await labSignCsr(issuing, shown.output);
    writeFileSync(join(files, 'chain.pem'), signed.pem + issuing.pem);
    const dry = await admin('set', 'cert', 'import', 'own', 'cti-client', join(files, 'chain.pem'), '--dry-run');
    assert.equal(dry.exitCode, 0, dry.output);
    assert.match(dry.output, /Dry run: the upload to cti-client would be accepted/);
    const imported = await admin('set', 'cert', 'import', 'own', 'cti-client', join(files, 'chain.pem'));
    assert.equal(imported.exitCode, 0, imported.output);
    assert.match(imported.output, /Success: Certificate Uploaded to cti-client/);
    assert.match(imported.output, /Chain: CN=localhost, O=Cisco, C=US → CN=E2E Issuing CA, O=Lab → CN=E2E Root CA, O=Lab/);

    writeFileSync(join(files, 'garbage.bin'), Buffer.from('not a certificate at all'));
    const garbage = await admin('set', 'cert', 'import', 'own', 'cti-client', join(files, 'garbage.bin'));
    assert.equal(garbage.exitCode, 1);
    assert.match(garbage.output, /refused; nothing changed/);
    assert.equal((await admin('set', 'cert', 'import', 'own', 'cti-client', join(files, 'missing.pem'))).exitCode, 1);
    writeFileSync(join(files, 'huge.pem'), Buffer.alloc(10 * 1024 * 1024, 0x41));
    const huge = await admin('set', 'cert', 'import', 'trust', 'cti-client', join(files, 'huge.pem'));
    assert.equal(huge.exitCode, 1);
    assert.match(huge.output, /10485760 bytes; the limit is 1048576; nothing changed/);
    assert.equal((await admin('set', 'cert', 'import', 'own', 'cti-client', join(files, 'chain.pem'), '--peer')).exitCode, 2);
    assert.equal((await admin('set', 'cert', 'import', 'sideways', 'cti-client', join(files, 'chain.pem'))).exitCode, 2);
    assert.equal((await admin('set', 'cert', 'regen', 'tomcat', '--bogus')).exitCode, 2);
    assert.equal((await admin('set', 'csr', 'gen', 'tomcat', '--cn')).exitCode, 2);

    const regen = await admin('set', 'cert', 'regen', 'tomcat', '--self-signed', '--key-type', 'P-256');
    assert.equal(regen.exitCode, 0, regen.output);
    assert.match(regen.output, /self-signed, as Cisco does/);

    const trust = await admin('show', 'cert', 'trust', 'cti-client');
    const file = /file ([\w.-]+\.pem)/.exec(trust.output)?.[1];
    assert.ok(file, trust.output);
    assert.equal((await admin('set', 'cert', 'delete', 'cti-client-trust', file)).exitCode, 0);
    assert.equal((await admin('set', 'cert', 'delete', 'cti-client', file)).exitCode, 2);
  });
});

describe('OS Administration page', () => {
  it('serves /cfadmin/certificates to administrators only, with a strict CSP', async () => {
    assert.equal((await call('GET', '/cfadmin/certificates', undefined, { authorization: '' })).status, 401);
    const page = await call('GET', '/cfadmin/certificates');
    assert.equal(page.status, 200);
    assert.match(page.text, /Certificate Management/);
    assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
    assert.equal((await call('GET', '/cfadmin/certificates/page.js')).status, 200);
    assert.equal((await call('GET', '/cfadmin/certificates/page.css')).status, 200);
  });
});

describe('expiry at start', () => {
  it('an expired certificate in a store is flagged loudly when the server starts', async () => {
    const data = mkdtempSync(join(tmpdir(), 'parley-expired-'));
    try {
      const first = await startTestServer({}, { data });
      await first.stop();
      const now = Date.now();
      const expired = await labRoot({ subject: 'CN=Long Gone Root CA', notBefore: now - 400 * 86_400_000, notAfter: now - 86_400_000 });
      writeFileSync(join(data, 'pki', 'notification-trust', 'long-gone.pem'), expired.pem);
      const log = new MemoryLogger();
      const second = await startTestServer({}, { data, log });
      try {
        assert.ok(log.has('error', '*** EXPIRED CERTIFICATE AT START *** certificate store notification-trust: CN=Long Gone Root CA'), log.lines.map((l) => l.msg).join('\n'));
        const list = await callAdmin(adminSocketPath(data), ['show', 'cert', 'list', 'notification-trust']);
        assert.ok(list.ok);
        assert.match(list.ok ? list.output : '', /CN=Long Gone Root CA[\s\S]*days left\)  EXPIRED/);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
