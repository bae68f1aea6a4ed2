// OpenSSL as the test oracle ([pki-cors] §1, §6): `openssl req -verify`, `openssl verify -untrusted`,
// `openssl x509 -text` must agree with Parley on every CSR, certificate and chain. Tests skip with
// this message when the binary is missing (it is installed in CI).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const OPENSSL = process.env.PARLEY_OPENSSL ?? '/usr/bin/openssl';
/** `false` when openssl is present, else the reason to give `it(..., { skip })`. */
export const skipWithoutOpenssl: string | false = existsSync(OPENSSL) ? false : `openssl not found at ${OPENSSL}: OpenSSL oracle checks skipped (apt-get install openssl)`;

export interface OpensslRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The files named in `read`, read back after the run (binary outputs such as .p12). */
  readonly files: Readonly<Record<string, Buffer>>;
}

/** Runs openssl with `files` written to a temporary directory; `{name}` in args is replaced by the path. */
export function openssl(args: readonly string[], files: Readonly<Record<string, string | Uint8Array>> = {}, read: readonly string[] = []): OpensslRun {
  const dir = mkdtempSync(join(tmpdir(), 'parley-openssl-'));
  try {
    for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
    const resolved = args.map((a) => a.replace(/\{([\w.-]+)\}/g, (_, n: string) => join(dir, n)));
    const r = spawnSync(OPENSSL, resolved, { encoding: 'utf8', timeout: 20_000 });
    const out: Record<string, Buffer> = {};
    for (const name of read) if (existsSync(join(dir, name))) out[name] = readFileSync(join(dir, name));
    return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', files: out };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
