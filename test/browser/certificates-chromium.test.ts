// Certificates in a real browser (issue 6 "Proof", [pki-cors] §4.7): Debian's Chromium with a
// throwaway NSS database that trusts a lab root and Parley's local CA. A good chain loads; a missing
// intermediate, a CN-only certificate and an expired one give ERR_CERT_AUTHORITY_INVALID,
// ERR_CERT_COMMON_NAME_INVALID and ERR_CERT_DATE_INVALID; after a hot reload the next page load shows
// the new certificate (no restart). Also takes the screenshot of the Certificate Management page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labIssue, labRoot, labSignCsr, type LabCert } from '../../src/pki/lab.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { artifactPath, browserSkipReason, CHROMIUM, CHROMIUM_ARGS } from './browser-kit.js';

const CERTUTIL = process.env.PARLEY_CERTUTIL ?? '/usr/bin/certutil';
const DAY = 86_400_000;

const skip = (await browserSkipReason())
  ?? (existsSync(CERTUTIL) ? undefined : `${CERTUTIL} is missing: apt-get install libnss3-tools (the test trusts a lab root through a throwaway NSS database)`);

let ts: TestServer;
let home: string;
let root: LabCert;
let issuing: LabCert;
type Browser = Awaited<ReturnType<typeof import('playwright-core')['chromium']['launch']>>;
let browser: Browser;

function certutil(args: string[]): void {
  const r = spawnSync(CERTUTIL, ['-d', `sql:${join(home, '.pki', 'nssdb')}`, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

before(async () => {
  if (skip) return;
  ts = await startTestServer();
  root = await labRoot({ subject: 'CN=Browser Lab Root CA, O=Lab' });
  issuing = await labIssue(root, { subject: 'CN=Browser Lab Issuing CA, O=Lab', ca: true });
  home = mkdtempSync(join(tmpdir(), 'parley-nss-'));
  mkdirSync(join(home, '.pki', 'nssdb'), { recursive: true });
  writeFileSync(join(home, 'lab-root.pem'), root.pem);
  certutil(['-N', '--empty-password']);
  certutil(['-A', '-t', 'C,,', '-n', 'lab-root', '-i', join(home, 'lab-root.pem')]);
  certutil(['-A', '-t', 'C,,', '-n', 'parley-local-ca', '-i', ts.ready.ca]);
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, env: { ...process.env, HOME: home } });
});
after(async () => {
  if (skip) return;
  await browser?.close();
  await ts?.stop();
  rmSync(home, { recursive: true, force: true });
});

/** Serves this identity on the https port right away (what an activation does, minus the checks). */
function serve(certPem: string, keyPem: string): void {
  const files = ts.server.certs;
  const paths = join(ts.data, 'pki', 'tomcat');
  writeFileSync(join(paths, 'cert.pem'), certPem);
  writeFileSync(join(paths, 'key.pem'), keyPem, { mode: 0o600 });
  files.reload('tomcat');
}

/** One page load in a fresh context (a fresh connection pool), returning the status or the net error. */
async function load(path = '/health'): Promise<{ status?: number; error?: string; issuer?: string; subject?: string }> {
  const context = await browser.newContext({ httpCredentials: { username: 'admin', password: 'admin' } });
  try {
    const page = await context.newPage();
    const response = await page.goto(`https://localhost:${ts.ready.ports.https}${path}`);
    const details = await response?.securityDetails();
    return { status: response?.status(), issuer: details?.issuer, subject: details?.subjectName };
  } catch (e) {
    return { error: /net::(ERR_[A-Z_]+)/.exec(String(e))?.[1] ?? String(e) };
  } finally {
    await context.close();
  }
}

describe('Chromium and Parley certificates (NSS DB trusting the lab root)', { skip }, () => {
  it('missing intermediate → ERR_CERT_AUTHORITY_INVALID (run first: Chromium may cache intermediates)', async () => {
    const leaf = await labIssue(issuing, { subject: 'CN=localhost', sans: ['localhost'] });
    serve(leaf.pem, leaf.keyPem);
    assert.equal((await load()).error, 'ERR_CERT_AUTHORITY_INVALID');
  });

  it('CN only, no SAN → ERR_CERT_COMMON_NAME_INVALID', async () => {
    const leaf = await labIssue(issuing, { subject: 'CN=localhost', sans: null });
    serve(leaf.pem + issuing.pem, leaf.keyPem);
    assert.equal((await load()).error, 'ERR_CERT_COMMON_NAME_INVALID');
  });

  it('expired → ERR_CERT_DATE_INVALID', async () => {
    const now = Date.now();
    const leaf = await labIssue(issuing, { subject: 'CN=localhost', sans: ['localhost'], notBefore: now - 30 * DAY, notAfter: now - DAY });
    serve(leaf.pem + issuing.pem, leaf.keyPem);
    assert.equal((await load()).error, 'ERR_CERT_DATE_INVALID');
  });

  it('the uploaded CA-signed chain loads; after a hot reload the next page load shows the new certificate', async () => {
    const manager = ts.server.certificates.manager;
    assert.ok((await manager.importTrust('tomcat', Buffer.from(root.pem))).ok);
    const csr = await manager.generateCsr({ service: 'tomcat', keyType: 'P-256', organization: 'Parley Lab', country: 'US' });
    assert.ok(csr.ok);
    const signed = await labSignCsr(issuing, csr.value.csrPem);
    const upload = await manager.importOwn('tomcat', Buffer.from(signed.pem + issuing.pem));
    assert.ok(upload.ok, JSON.stringify(upload.errors));
    const good = await load();
    assert.equal(good.status, 200, good.error);
    assert.equal(good.issuer, 'Browser Lab Issuing CA');

    const regen = await manager.regenerate('tomcat', { keyType: 'P-256' });
    assert.ok(regen.ok);
    const next = await load();
    assert.equal(next.status, 200, next.error);
    assert.equal(next.issuer, 'Parley Local CA localhost', 'the next page load sees the regenerated certificate');
  });

  it('screenshot of the Certificate Management page', async () => {
    const manager = ts.server.certificates.manager;
    await manager.generateCsr({ service: 'cti-client', keyType: 'P-256', organization: 'Parley Lab', country: 'US' });
    const short = await labRoot({ subject: 'CN=Partner Root CA (expiring), O=Partner', notAfter: Date.now() + 20 * DAY });
    await manager.importTrust('cti-server', Buffer.from(short.pem));
    const context = await browser.newContext({ httpCredentials: { username: 'admin', password: 'admin' }, viewport: { width: 1440, height: 1100 } });
    try {
      const page = await context.newPage();
      const response = await page.goto(`https://localhost:${ts.ready.ports.https}/cfadmin/certificates`);
      assert.equal(response?.status(), 200);
      await page.waitForSelector('tr.group');
      assert.match(await page.textContent('#rows') ?? '', /Partner Root CA/);
      await page.screenshot({ path: artifactPath('certificates-page.png'), fullPage: true });
      await page.click('text=Generate CSR');
      await page.screenshot({ path: artifactPath('certificates-page-csr-dialog.png') });
    } finally {
      await context.close();
    }
    assert.ok(readFileSync(artifactPath('certificates-page.png')).length > 10_000);
  });
});
