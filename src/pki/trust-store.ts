// The trust stores on disk (DATA/pki/<service>-trust/, one certificate per file) and the store-level
// replication interface: Cisco replicates trust certificates from the publisher to its subscribers
// ([pki-cors] §0.4 "Replication"); the two-node work plugs a network transport in behind
// TrustReplication. Here: the interface and an in-process hub (tests, and a single process hosting
// several nodes).
import { readdirSync, readFileSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file.js';
import { certInfoFromPem, type CertInfo } from './cert-info.js';
import { CERT_MODE, type ServiceName } from './layout.js';
import { certificateBlocks } from './pem.js';

export interface TrustEntry {
  readonly file: string;
  readonly cert: CertInfo;
}

/** Every certificate of a trust directory; unreadable files are reported, not fatal. */
export function readTrustEntries(dir: string): { entries: TrustEntry[]; unreadable: string[] } {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.pem') && !n.startsWith('.')).sort();
  } catch {
    return { entries: [], unreadable: [] };
  }
  const entries: TrustEntry[] = [];
  const unreadable: string[] = [];
  for (const name of names) {
    try {
      for (const block of certificateBlocks(readFileSync(join(dir, name), 'utf8'))) entries.push({ file: name, cert: certInfoFromPem(block) });
    } catch {
      unreadable.push(name);
    }
  }
  return { entries, unreadable };
}

/** The PEM text of every trust file (one certificate each), without parsing. */
export function readTrustFiles(dir: string): { file: string; pem: string }[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.pem') && !n.startsWith('.')).sort();
  } catch {
    return [];
  }
  return names.flatMap((file) => {
    try {
      const blocks = certificateBlocks(readFileSync(join(dir, file), 'utf8'));
      return blocks.length > 0 ? blocks.map((pem) => ({ file, pem })) : [{ file, pem: '' }];
    } catch {
      return [{ file, pem: '' }];
    }
  });
}

/** A file name that says what it holds: "<cn-slug>-<first 8 fingerprint bytes>.pem". */
export function trustFileName(cert: CertInfo): string {
  const cn = cert.parsed.subjectName.getField('CN')[0] ?? 'certificate';
  const slug = cn.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'certificate';
  return `${slug}-${cert.fingerprint.replace(/:/g, '').slice(0, 16).toLowerCase()}.pem`;
}

export async function addTrustFile(dir: string, cert: CertInfo): Promise<string> {
  const name = trustFileName(cert);
  await writeFileAtomic(join(dir, name), cert.pem, CERT_MODE);
  return name;
}

export async function removeTrustFile(dir: string, file: string): Promise<void> {
  if (file.includes('/') || file.includes('\\') || file.startsWith('.')) throw new TypeError(`bad trust file name ${file}`);
  await unlink(join(dir, file));
}

// ---- replication ----

export type TrustChange =
  | { readonly kind: 'added'; readonly service: ServiceName; readonly pem: string; readonly fingerprint: string }
  | { readonly kind: 'removed'; readonly service: ServiceName; readonly fingerprint: string };

/** What a node's certificate manager needs to share its trust stores with the other nodes. */
export interface TrustReplication {
  /** Sends a change this node made to every other node. */
  publish(origin: string, change: TrustChange): Promise<void>;
  /** Receives changes made by other nodes (never this node's own); returns the unsubscribe function. */
  subscribe(node: string, apply: (change: TrustChange) => Promise<void>): () => void;
}

/** Delivers changes between the nodes of one process, in order, awaiting each node's apply. */
export function createInProcessTrustReplication(): TrustReplication & { readonly errors: unknown[] } {
  const nodes = new Map<string, (change: TrustChange) => Promise<void>>();
  const errors: unknown[] = [];
  return {
    errors,
    async publish(origin, change) {
      for (const [node, apply] of nodes) {
        if (node === origin) continue;
        try {
          await apply(change);
        } catch (e) {
          errors.push(e);
        }
      }
    },
    subscribe(node, apply) {
      nodes.set(node, apply);
      return () => { nodes.delete(node); };
    },
  };
}
