// Certificate management on the admin CLI, in Cisco VOS wording ([pki-cors] §0.3–§0.5, issue 6 item 8):
// `show cert list`, `show cert own tomcat`, `show cert trust tomcat`, `show csr own tomcat`,
// `set cert regen tomcat`, `set csr gen tomcat`, `set cert import own|trust tomcat FILE`,
// `set cert delete tomcat-trust NAME`. Each handler calls the CertManager; nothing here decides.
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CertManager, ListedCertificate, StoreListing } from '../pki/cert-manager.js';
import type { ImportReport } from '../pki/cert-import.js';
import { parseStoreName } from '../pki/cert-manager.js';
import { SERVICE_NAMES, type ServiceName } from '../pki/layout.js';
import { expiryLevel } from '../pki/expiry-watch.js';
import type { AdminCommandTable, AdminResult } from './commands.js';

const done = (output: string, exitCode = 0): AdminResult => ({ exitCode, output: output.endsWith('\n') ? output : `${output}\n` });
const usage = (text: string): AdminResult => done(text, 2);

/** `--name value`, `--name=value` (only the latter for `optionalValue` names, which are flags otherwise); flags without a value are in `flags`; the rest are positionals. */
export function parseArgs(args: readonly string[], valued: readonly string[], optionalValue: readonly string[] = []): { options: Map<string, string[]>; flags: Set<string>; positionals: string[] } {
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) { positionals.push(a); continue; }
    const eq = a.indexOf('=');
    const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
    if (valued.includes(name)) {
      const value = eq >= 0 ? a.slice(eq + 1) : args[++i];
      if (value === undefined) throw new ArgError(`--${name} needs a value`);
      options.set(name, [...options.get(name) ?? [], value]);
    } else if (optionalValue.includes(name) && eq >= 0) {
      options.set(name, [...options.get(name) ?? [], a.slice(eq + 1)]); // --parent-domain=example.com
    } else {
      if (eq >= 0) throw new ArgError(`--${name} takes no value`);
      flags.add(name);
    }
  }
  return { options, flags, positionals };
}

class ArgError extends Error {}

const LEVEL_TEXT = { ok: '', 'warn-30': '  EXPIRES SOON', 'warn-7': '  EXPIRES IN A WEEK', expired: '  EXPIRED' } as const;

function formatCertificate(c: ListedCertificate, indent: string, now: number): string[] {
  const level = expiryLevel(c.notAfter.getTime(), now);
  const tag = c.builtIn ? ' [local CA, built in]' : c.role === 'chain' ? ' [intermediate, served with the identity]' : '';
  return [
    `${c.subject}${tag}`,
    `${indent}issuer ${c.issuer}; serial ${c.serial}; ${c.keyType}-${c.keySize}${c.file ? `; file ${c.file}` : ''}`,
    `${indent}SANs ${c.sans.join(', ') || '(none)'}`,
    `${indent}valid ${c.notBefore.toISOString()} → ${c.notAfter.toISOString()} (${c.daysLeft} days left)${LEVEL_TEXT[level]}`,
  ];
}

function formatListing(l: StoreListing, now: number): string[] {
  const pad = ''.padEnd(20);
  const lines: string[] = [];
  if (l.certificates.length === 0) lines.push(`${l.store.padEnd(20)}(empty)`);
  l.certificates.forEach((c) => {
    const [first, ...rest] = formatCertificate(c, pad, now);
    lines.push(`${l.store.padEnd(20)}${first}`, ...rest);
  });
  if (l.pendingCsr) lines.push(`${pad}pending CSR ${l.pendingCsr.subject} (${l.pendingCsr.sans.join(', ')}), generated ${l.pendingCsr.created}`);
  for (const p of l.problems) lines.push(`${pad}problem: ${p}`);
  return lines;
}

export function formatImportReport(r: ImportReport): string {
  const lines: string[] = [];
  if (r.ok) {
    lines.push(r.dryRun ? `Dry run: the upload to ${r.store} would be accepted (nothing changed).` : `Success: Certificate Uploaded to ${r.store}.`);
    if (r.activated) lines.push(`Active now: ${r.activated.subject}, serial ${r.activated.serial}, valid until ${r.activated.notAfter.toISOString()}; listeners reloaded, no restart needed.`);
  } else {
    lines.push(`Upload to ${r.store} refused${r.dryRun ? ' (dry run)' : ''}; nothing changed:`);
    for (const e of r.errors) lines.push(`  error: ${e.message}`);
  }
  if (r.chain.length > 0) lines.push(`Chain: ${r.chain.join(' → ')}`);
  for (const a of r.added) lines.push(`  ${r.dryRun ? 'would add' : 'added'}: ${a}`);
  for (const a of r.replaced) lines.push(`  ${r.dryRun ? 'would replace' : 'replaced'} (older, same subject): ${a}`);
  for (const w of r.warnings) lines.push(`  warning: ${w.message}`);
  return lines.join('\n');
}

function serviceArg(word: string | undefined): ServiceName | undefined {
  const s = word ? parseStoreName(word) : undefined;
  return s?.kind === 'own' ? s.service : undefined;
}
const SERVICES = SERVICE_NAMES.join('|');

export interface CertCommandDeps {
  readonly manager: CertManager;
  readonly now: () => number;
}

export function certCommands(deps: CertCommandDeps): AdminCommandTable {
  const { manager } = deps;
  const guard = (fn: (args: string[]) => Promise<AdminResult>) => async (args: string[]): Promise<AdminResult> => {
    try {
      return await fn(args);
    } catch (e) {
      if (e instanceof ArgError) return usage(e.message);
      throw e;
    }
  };

  const readUpload = async (path: string): Promise<Buffer | AdminResult> => {
    const file = resolve(path);
    try {
      const s = await stat(file);
      if (!s.isFile()) return done(`${file} is not a file`, 1);
      if (s.size > manager.limits.maxBytes) return done(`${file} is ${s.size} bytes; the limit is ${manager.limits.maxBytes}; nothing changed`, 1);
      return await readFile(file);
    } catch (e) {
      return done(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 1);
    }
  };

  return {
    'show cert list': {
      summary: 'the certificates of every store, with days left',
      usage: 'show cert list [store]   e.g. show cert list tomcat-trust',
      handler: guard(async (args) => {
        const listings = args[0] ? [manager.listStore(args[0])] : manager.list().map((l) => ({ ok: true as const, value: l }));
        const lines: string[] = [];
        const levels: string[] = [];
        for (const l of listings) {
          if (!l.ok) return usage(l.text ?? l.error);
          lines.push(...formatListing(l.value, deps.now()));
          // The built-in local CA appears in every trust store: counted once (under tomcat-trust).
          for (const c of l.value.certificates) if (!c.builtIn || l.value.store === 'tomcat-trust' || args[0]) levels.push(expiryLevel(c.notAfter.getTime(), deps.now()));
        }
        const count = (lv: string) => levels.filter((x) => x === lv).length;
        const due = count('warn-30') + count('warn-7');
        if (due + count('expired') > 0) lines.push('', `${count('expired')} expired, ${due} expiring within 30 days (${count('warn-7')} within 7).`);
        return done(lines.join('\n'));
      }),
    },
    'show cert own': {
      summary: 'a store\'s own certificate in detail, with its PEM',
      usage: `show cert own ${SERVICES}`,
      handler: guard(async (args) => {
        const service = serviceArg(args[0]);
        if (!service) return usage(`usage: show cert own ${SERVICES}`);
        const l = manager.listStore(service);
        if (!l.ok) return usage(l.text ?? l.error);
        const pem = manager.download(service);
        return done([...formatListing(l.value, deps.now()), '', pem.ok ? pem.value.pem.trimEnd() : ''].join('\n'));
      }),
    },
    'show cert trust': {
      summary: 'the certificates a store trusts',
      usage: `show cert trust ${SERVICES}`,
      handler: guard(async (args) => {
        const service = serviceArg(args[0]?.replace(/-trust$/i, ''));
        if (!service) return usage(`usage: show cert trust ${SERVICES}`);
        const l = manager.listStore(`${service}-trust`);
        return l.ok ? done(formatListing(l.value, deps.now()).join('\n')) : usage(l.text ?? l.error);
      }),
    },
    'show csr own': {
      summary: 'the pending CSR of a store (PEM), to hand to the CA',
      usage: `show csr own ${SERVICES}`,
      handler: guard(async (args) => {
        const service = serviceArg(args[0]);
        if (!service) return usage(`usage: show csr own ${SERVICES}`);
        const r = manager.pendingCsr(service);
        return r.ok ? done(r.value) : done(r.text ?? r.error, 1);
      }),
    },
    'set cert regen': {
      summary: 'regenerate a store\'s certificate (local CA, or --self-signed); listeners hot-reload',
      usage: `set cert regen ${SERVICES} [--self-signed] [--key-type RSA-2048|RSA-3072|RSA-4096|P-256|P-384]`,
      handler: guard(async (args) => {
        const { options, flags, positionals } = parseArgs(args, ['key-type']);
        const service = serviceArg(positionals[0]);
        if (!service || positionals.length !== 1) return usage(`usage: set cert regen ${SERVICES} [--self-signed] [--key-type T]`);
        for (const f of flags) if (f !== 'self-signed') return usage(`unknown option --${f}`);
        const r = await manager.regenerate(service, { selfSigned: flags.has('self-signed'), ...(options.has('key-type') ? { keyType: options.get('key-type')![0]! } : {}) });
        if (!r.ok) return done(r.text ?? r.error, r.error === 'bad-request' ? 2 : 1);
        return done([
          `Regenerated ${service} (${flags.has('self-signed') ? 'self-signed, as Cisco does: clients must trust this certificate itself' : 'issued by the local CA: clients that trust ca.pem trust it'}).`,
          `Subject ${r.value.subject}; serial ${r.value.serial}; valid until ${r.value.notAfter.toISOString()}.`,
          'The listeners reloaded: new connections get the new certificate, open ones stay up. No restart needed.',
        ].join('\n'));
      }),
    },
    'set csr gen': {
      summary: 'generate a CSR (the key stays on the server)',
      usage: `set csr gen ${SERVICES} [--cn CN] [--ou OU] [--o O] [--l L] [--st ST] [--c CC] [--email E] [--key-type RSA-2048|RSA-3072|RSA-4096|P-256|P-384|RSA-1024] [--legacy-rsa1024] [--parent-domain[=DOMAIN]] [--san FQDN]…`,
      handler: guard(async (args) => {
        const { options, flags, positionals } = parseArgs(args, ['cn', 'ou', 'o', 'l', 'st', 'c', 'email', 'key-type', 'san'], ['parent-domain']);
        const service = serviceArg(positionals[0]);
        if (!service || positionals.length !== 1) return usage(`usage: set csr gen ${SERVICES} [options]; see set csr gen --help`);
        for (const f of flags) if (f !== 'legacy-rsa1024' && f !== 'parent-domain') return usage(`unknown option --${f}`);
        const one = (n: string) => options.get(n)?.at(-1);
        const r = await manager.generateCsr({
          service,
          ...(one('cn') !== undefined ? { commonName: one('cn')! } : {}),
          ...(one('ou') !== undefined ? { organizationalUnit: one('ou')! } : {}),
          ...(one('o') !== undefined ? { organization: one('o')! } : {}),
          ...(one('l') !== undefined ? { locality: one('l')! } : {}),
          ...(one('st') !== undefined ? { state: one('st')! } : {}),
          ...(one('c') !== undefined ? { country: one('c')! } : {}),
          ...(one('email') !== undefined ? { email: one('email')! } : {}),
          ...(one('key-type') !== undefined ? { keyType: one('key-type')! } : {}),
          allowLegacyRsa1024: flags.has('legacy-rsa1024'),
          parentDomain: one('parent-domain') ?? flags.has('parent-domain'),
          extraNames: options.get('san') ?? [],
        });
        if (!r.ok) return done(r.text ?? r.error, 2);
        return done([
          `Generated a CSR for ${service} with SAN ${r.value.sans.join(', ')}. The private key stays on this server.`,
          ...r.value.warnings.map((w) => `WARNING: ${w}`),
          `Have it signed (a template with ${service === 'tomcat' ? 'Server' : 'Client and Server'} Authentication), then: set cert import own ${service} <signed file>`,
          '',
          r.value.csrPem.trimEnd(),
        ].join('\n'));
      }),
    },
    'set cert import': {
      summary: 'upload a certificate or chain (PEM, DER, .p7b, .p12) as own or trust',
      usage: `set cert import own|trust ${SERVICES} FILE [--dry-run] [--password P] [--peer]`,
      handler: guard(async (args) => {
        const { options, flags, positionals } = parseArgs(args, ['password']);
        const [kind, store, file] = positionals;
        const service = serviceArg(store?.replace(/-trust$/i, ''));
        if ((kind !== 'own' && kind !== 'trust') || !service || !file || positionals.length !== 3) {
          return usage(`usage: set cert import own|trust ${SERVICES} FILE [--dry-run] [--password P] [--peer]`);
        }
        for (const f of flags) if (!['dry-run', 'peer'].includes(f)) return usage(`unknown option --${f}`);
        if (flags.has('peer') && kind !== 'trust') return usage('--peer applies to trust uploads only');
        const data = await readUpload(file);
        if (!Buffer.isBuffer(data)) return data;
        const common = { dryRun: flags.has('dry-run'), ...(options.has('password') ? { password: options.get('password')!.at(-1)! } : {}) };
        const r = kind === 'own'
          ? await manager.importOwn(service, data, common)
          : await manager.importTrust(service, data, { ...common, peer: flags.has('peer') });
        return done(formatImportReport(r), r.ok ? 0 : 1);
      }),
    },
    'set cert delete': {
      summary: 'delete a trust certificate (by file name or SHA-256 fingerprint prefix)',
      usage: `set cert delete ${SERVICE_NAMES.map((s) => `${s}-trust`).join('|')} NAME`,
      handler: guard(async (args) => {
        if (args.length !== 2) return usage(`usage: set cert delete <store>-trust NAME (see show cert trust <store>)`);
        const r = await manager.deleteTrust(args[0]!, args[1]!);
        if (!r.ok) return done(r.text ?? r.error, r.error === 'bad-request' ? 2 : 1);
        return done(`Deleted ${r.value.removed} from ${args[0]!.toLowerCase()}; the listeners reloaded their trust.`);
      }),
    },
  };
}
