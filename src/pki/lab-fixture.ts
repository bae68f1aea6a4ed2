// Test fixture: a data directory with first-start certificates, the cert store and the manager, plus a
// lab root → issuing CA hierarchy. Used by the PKI tests only.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryLogger } from '../shared/logger.js';
import { createCertManager, type CertManager, type CertManagerOptions } from './cert-manager.js';
import { createCertStore, type TlsIdentitySource } from './cert-store.js';
import { ensurePki, type EnsurePkiResult } from './first-start.js';
import { labIssue, labRoot, type LabCert } from './lab.js';
import type { ServiceName } from './layout.js';

export interface PkiFixture {
  readonly root: string;
  readonly pki: EnsurePkiResult;
  readonly certs: TlsIdentitySource;
  readonly manager: CertManager;
  readonly log: MemoryLogger;
  /** cert.pem and key.pem of a store, to prove an upload left them untouched. */
  identity(service: ServiceName): { cert: string; key: string };
  cleanup(): void;
}

export async function pkiFixture(fqdn = 'parley.example.com', extra: Partial<CertManagerOptions> = {}): Promise<PkiFixture> {
  const root = mkdtempSync(join(tmpdir(), 'parley-pki-'));
  const pki = await ensurePki({ dataDir: join(root, 'data'), fqdn, keyType: 'P-256' });
  const log = new MemoryLogger();
  const certs = createCertStore(pki, { log });
  const manager = createCertManager({ paths: pki, certs, fqdn, now: () => Date.now(), log, ...extra });
  return {
    root, pki, certs, manager, log,
    identity: (s) => ({ cert: readFileSync(pki.services[s].cert, 'utf8'), key: readFileSync(pki.services[s].key, 'utf8') }),
    cleanup() { manager.close(); rmSync(root, { recursive: true, force: true }); },
  };
}

export interface LabHierarchy {
  readonly root: LabCert;
  readonly issuing: LabCert;
}

/** "Lab Root CA" → "Lab Issuing CA", both P-256. */
export async function labHierarchy(): Promise<LabHierarchy> {
  const root = await labRoot({ subject: 'CN=Lab Root CA, O=Lab, C=US' });
  const issuing = await labIssue(root, { subject: 'CN=Lab Issuing CA, O=Lab, C=US', ca: true });
  return { root, issuing };
}

export const bytes = (text: string): Uint8Array => Buffer.from(text, 'utf8');
