// `file get activelog desktop recurs compress` (issue 10 item 3, [decisions] 15): a gzipped tar archive of
// the logs under DATA/logs/<path> plus the server's own log (DATA/logs/parley.log*), a redacted copy of
// the configuration and a status summary, written to DATA/collect/. Secrets stay out: only regular files
// under DATA/logs are read (symbolic links are skipped, so nothing outside can be pulled in), every text
// line passes the redaction guard again, and the configuration is redacted key by key.
// One collection runs at a time; a second request while one runs waits for it and gets the same archive.
import { createWriteStream, type WriteStream } from 'node:fs';
import { chmod, lstat, mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { once } from 'node:events';
import { createGzip, type Gzip } from 'node:zlib';
import { redactObject, redactSecrets } from '../shared/log-redact.js';
import type { Result } from '../shared/result.js';
import { TAR_END, isSafeTarName, tarEntryBytes } from './tar.js';

export interface CollectionDeps {
  /** DATA/logs. */
  readonly logsDir: string;
  /** Where archives are written (DATA/collect). */
  readonly outDir: string;
  readonly now: () => number;
  /** The effective configuration (redacted here before it is written). */
  readonly config: () => unknown;
  /** The text of the status summary (`show status`, `show sessions`, …). */
  readonly status: () => Promise<string>;
  /** Archives kept in outDir; older ones are deleted after a new one is written. */
  readonly keepArchives?: number;
  /** Files larger than this are cut to their last `maxFileBytes` bytes (with a note). */
  readonly maxFileBytes?: number;
}

export interface CollectionReport {
  readonly path: string;
  readonly files: number;
  readonly bytes: number;
  /** True when this request shared an archive another request was already building. */
  readonly shared: boolean;
}

export type CollectionError = 'bad-path' | 'not-found' | 'write-failed';

/** `desktop`, `/desktop`, `desktop/openfire` → `desktop/openfire`; anything leaving DATA/logs → undefined. */
export function normalizeActivelogPath(raw: string): string | undefined {
  const parts = raw.replace(/\\/g, '/').split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.some((p) => p === '..' || p.includes('\0'))) return undefined;
  return parts.join('/');
}

/** 2026-11-22T08:00:00.123Z → 2026-11-22T08-00-00.123Z (Cisco-like, and unique per millisecond). */
const stamp = (ms: number): string => new Date(ms).toISOString().replace(/[:]/g, '-');
const isText = (name: string): boolean => !/\.(gz|zip|tgz|bz2|xz|sqlite|db|p12|pfx|der)$/i.test(name);

interface Found { readonly file: string; readonly name: string; readonly size: number; readonly mtimeMs: number }

/** Regular files under `dir`, recursively (symbolic links and other special files are skipped). */
async function walk(root: string, dir: string, out: Found[]): Promise<void> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch {
    return;
  }
  for (const n of names) {
    const file = join(dir, n);
    const st = await lstat(file).catch(() => undefined);
    if (!st) continue;
    if (st.isDirectory()) await walk(root, file, out);
    else if (st.isFile()) out.push({ file, name: relative(root, file).split(sep).join('/'), size: st.size, mtimeMs: st.mtimeMs });
  }
}

async function write(stream: Gzip, chunk: Buffer): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

export function createLogCollector(deps: CollectionDeps) {
  const keep = deps.keepArchives ?? 5;
  const maxFileBytes = deps.maxFileBytes ?? 256 * 1024 * 1024;
  let running: { path: string; promise: Promise<Result<CollectionReport, CollectionError>> } | undefined;

  async function build(sub: string, progress: (line: string) => void): Promise<Result<CollectionReport, CollectionError>> {
    const root = join(deps.logsDir, ...sub.split('/'));
    const rootStat = await stat(root).catch(() => undefined);
    if (!rootStat?.isDirectory()) return { ok: false, error: 'not-found', text: `no log directory ${JSON.stringify(sub.slice(0, 200))} under ${deps.logsDir} (try desktop)` };

    const found: Found[] = [];
    await walk(deps.logsDir, root, found);
    // The server's own log sits beside the per-service folders; it belongs to every collection.
    for (const n of (await readdir(deps.logsDir).catch(() => [] as string[])).sort()) {
      if (!/^parley\.log(\.\d+)?$/.test(n)) continue;
      const st = await lstat(join(deps.logsDir, n)).catch(() => undefined);
      if (st?.isFile()) found.push({ file: join(deps.logsDir, n), name: n, size: st.size, mtimeMs: st.mtimeMs });
    }
    const safe = found.filter((f) => isSafeTarName(f.name));
    const total = safe.reduce((a, f) => a + f.size, 0);
    progress(`Collecting ${safe.length} file(s), ${(total / 1e6).toFixed(1)} MB, from ${root}`);

    await mkdir(deps.outDir, { recursive: true, mode: 0o700 });
    const base = `activelog-${sub.replace(/\//g, '-')}-${stamp(deps.now())}`;
    const target = join(deps.outDir, `${base}.tar.gz`);
    const partial = `${target}.partial`;
    const gzip = createGzip({ level: 6 });
    const out: WriteStream = createWriteStream(partial, { mode: 0o600 });
    const failed = new Promise<Error>((resolve) => { out.on('error', resolve); gzip.on('error', resolve); });
    gzip.pipe(out);
    const prefix = `${base}/`;
    const now = deps.now();
    try {
      const add = async (name: string, data: Buffer, mtimeMs: number): Promise<void> => {
        for (const chunk of tarEntryBytes({ name: prefix + name, data, mtimeMs, mode: 0o644 })) await write(gzip, chunk);
      };
      let done = 0;
      for (const f of safe) {
        let data = await readFile(f.file).catch(() => undefined);
        if (!data) continue; // rotated away meanwhile
        if (data.length > maxFileBytes) {
          data = Buffer.concat([Buffer.from(`[first ${data.length - maxFileBytes} bytes left out by the collection]\n`), data.subarray(data.length - maxFileBytes)]);
        }
        if (isText(f.name)) data = Buffer.from(redactSecrets(data.toString('utf8')));
        await add(`logs/${f.name}`, data, f.mtimeMs);
        done++;
        progress(`  [${done}/${safe.length}] logs/${f.name} (${data.length.toLocaleString('en-US')} bytes)`);
      }
      await add('config.json', Buffer.from(`${JSON.stringify(redactObject(deps.config()), null, 2)}\n`), now);
      await add('status.txt', Buffer.from(redactSecrets(await deps.status())), now);
      progress('  config.json (redacted), status.txt');
      await write(gzip, TAR_END);
      gzip.end();
      const outcome = await Promise.race([once(out, 'close').then(() => undefined), failed]);
      if (outcome instanceof Error) throw outcome;
      await chmod(partial, 0o600);
      await rename(partial, target);
      const bytes = (await stat(target)).size;
      await prune(base);
      return { ok: true, value: { path: target, files: done + 2, bytes, shared: false } };
    } catch (e) {
      gzip.destroy();
      out.destroy();
      await rm(partial, { force: true });
      return { ok: false, error: 'write-failed', text: `cannot write the archive in ${deps.outDir}: ${(e as Error).message}` };
    }
  }

  async function prune(current: string): Promise<void> {
    const archives = (await readdir(deps.outDir).catch(() => [] as string[]))
      .filter((n) => n.startsWith('activelog-') && n.endsWith('.tar.gz') && !n.startsWith(current)).sort();
    const stale = archives.slice(0, Math.max(0, archives.length - (keep - 1)));
    for (const n of stale) await rm(join(deps.outDir, n), { force: true });
  }

  return {
    /** Builds the archive of DATA/logs/<path>; a request during a running collection shares its result. */
    async collect(rawPath: string, progress: (line: string) => void = () => {}): Promise<Result<CollectionReport, CollectionError>> {
      const sub = normalizeActivelogPath(rawPath);
      if (!sub || sub.length > 1024) return { ok: false, error: 'bad-path', text: `not a log directory: ${JSON.stringify(rawPath.slice(0, 200))} (try desktop)` };
      if (running) {
        progress(`Another log collection (${running.path}) is running; waiting for its archive…`);
        const r = await running.promise;
        return r.ok ? { ok: true, value: { ...r.value, shared: true } } : r;
      }
      const promise = build(sub, progress).finally(() => { running = undefined; });
      running = { path: sub, promise };
      return promise;
    },
    get isRunning(): boolean { return running !== undefined; },
  };
}

export type LogCollector = ReturnType<typeof createLogCollector>;
