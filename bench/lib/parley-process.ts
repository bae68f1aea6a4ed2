// Starting the real `parley serve` process for a benchmark (node bin/parley.mjs): a fresh temporary data
// directory, every port 0, loopback only, bench settings applied unless the caller's environment sets
// them, optional CPU pinning and extra Node flags. The TCP and BOSH launchers build on this one.
import { createHash } from 'node:crypto';
import { appendFileSync, closeSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ChildProcess } from 'node:child_process';
import { removeTempDir, spawnTracked, stopChild, trackTempDir } from './proc.js';
import type { ServerOptions } from './server.js';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const BIN = join(ROOT, 'bin/parley.mjs');

/** Settings every Parley benchmark applies (the caller's environment wins; the report lists the effective ones). */
const COMMON_ENV: Record<string, string> = {
  // All load comes from 127.0.0.1: no per-address connection limit (500 by default).
  PARLEY_XMPP_MAX_CONNECTIONS_PER_IP: '1000000',
  // max_items 1 on every node, as configured on the reference servers.
  PARLEY_PUBSUB_MAX_ITEMS_PER_NODE: '1',
  // The reference servers send no server-to-client pings; Parley would ping every session silent for 60 s.
  PARLEY_XMPP_PING_INTERVAL_S: '0',
};

/**
 * What was measured: a hash of Parley's sources (src/ without tests, bin/, package.json) and the newest
 * modification time among them. The working tree is not a commit, and it may change while a run lasts.
 */
export function parleySourceFingerprint(): { hash: string; newest: string; files: number } {
  const files: string[] = [join(ROOT, 'package.json')];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|mjs|js|json)$/.test(name) && !/\.test\.ts$/.test(name)) files.push(path);
    }
  };
  walk(join(ROOT, 'src'));
  walk(join(ROOT, 'bin'));
  const h = createHash('sha256');
  let newest = 0;
  for (const f of files) {
    h.update(f.slice(ROOT.length)).update('\0').update(readFileSync(f)).update('\0');
    newest = Math.max(newest, statSync(f).mtimeMs);
  }
  return { hash: h.digest('hex').slice(0, 12), newest: new Date(newest).toISOString(), files: files.length };
}

export interface ParleyLaunch {
  /** Prefix of the temporary data directory. */
  dirPrefix: string;
  /** Settings on top of COMMON_ENV (same rule: the caller's environment wins). */
  env?: Record<string, string>;
  /** Extra `parley serve` arguments. */
  args?: string[];
}

export interface ParleyProcess {
  child: ChildProcess;
  pid: number;
  data: string;
  ports: Record<string, number>;
  ca: Buffer;
  /** The effective command line for the report (data directory shown as DIR). */
  commandLine: string;
  version: string;
  sourceHash: string;
  provision(count: number, timeoutMs: number): Promise<void>;
  stop(): Promise<{ graceful: boolean }>;
  logTail(): string;
}

export async function launchParley(opts: ServerOptions, launch: ParleyLaunch): Promise<ParleyProcess> {
  const data = trackTempDir(mkdtempSync(join(tmpdir(), launch.dirPrefix)));
  const logFile = join(data, 'server-stderr.log');
  const stdoutLog = join(data, 'server-stdout.log');
  const benchEnv = { ...COMMON_ENV, ...launch.env };
  const env: Record<string, string | undefined> = { ...process.env };
  const applied: string[] = [];
  for (const [k, v] of Object.entries(benchEnv)) {
    if (env[k] === undefined || env[k] === '') env[k] = v;
    applied.push(`${k}=${env[k]}`);
  }
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('PARLEY_') && !(k in benchEnv)) applied.push(`${k}=${v}`);
  }
  // Extra Node flags for the server only, e.g. BENCH_PARLEY_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.BENCH_PARLEY_NODE_ARGS ?? '').split(/\s+/).filter((a) => a !== '');
  const serveArgs = [...nodeArgs, BIN, 'serve', '--data', data, '--fqdn', opts.domain, '--bind', '127.0.0.1',
    '--port-https', '0', '--port-notification', '0', '--port-xmpp', '0', '--port-xmpps', '0',
    '--port-cti', '0', '--port-livedata', '0', '--log-level', 'warn', ...(launch.args ?? [])];
  const [cmd, args] = opts.pinCpu === undefined
    ? [process.execPath, serveArgs]
    : ['taskset', ['-c', String(opts.pinCpu), process.execPath, ...serveArgs]];
  const errFd = openSync(logFile, 'a');
  const child = spawnTracked(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', errFd] });
  closeSync(errFd);
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start parley');

  const ready = await new Promise<{ ca: string; ports: Record<string, number> }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`parley did not print its ready line within 60 s; see ${logFile}`)), 60_000);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const msg = JSON.parse(line) as { event?: string; ca: string; ports: Record<string, number> };
        if (msg.event === 'ready') {
          clearTimeout(timer);
          resolve(msg);
          return;
        }
      } catch { /* not JSON */ }
      // Anything else on stdout (e.g. --trace-gc output from BENCH_PARLEY_NODE_ARGS) goes to the log.
      appendFileSync(stdoutLog, `${line}\n`);
    });
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`parley exited (${code ?? sig}) before ready: ${tail(logFile)}`));
    });
  });
  const source = parleySourceFingerprint();
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

  return {
    child,
    pid,
    data,
    ports: ready.ports,
    ca: readFileSync(ready.ca),
    commandLine: [...applied, ...(opts.pinCpu === undefined ? [] : ['taskset', '-c', String(opts.pinCpu)]),
      'node', ...serveArgs.map((a) => (a === data ? 'DIR' : a === BIN ? 'bin/parley.mjs' : a))].join(' '),
    version: `Parley ${pkg.version} on Node ${process.version} (working tree: sources ${source.hash}, newest file ${source.newest.slice(0, 19)}Z)`,
    sourceHash: source.hash,
    async provision(count, timeoutMs) {
      const r = await runToEnd(process.execPath, [BIN, 'admin', '--data', data, 'user', 'bulk-add',
        '--first', String(opts.firstUser), '--count', String(count), '--password', opts.userPassword], timeoutMs);
      if (r.code !== 0) throw new Error(`bulk-add failed (${r.code}): ${r.out}`);
    },
    async stop() {
      const { graceful } = await stopChild(child, 8000);
      removeTempDir(data);
      return { graceful };
    },
    logTail: () => tail(logFile),
  };
}

export const bulkAddLine = (opts: ServerOptions): string =>
  `$ node bin/parley.mjs admin --data DIR user bulk-add --first ${opts.firstUser} --count N --password ${opts.userPassword}`;

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '';
  }
}

function runToEnd(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawnTracked(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out: out.slice(-2000) });
    });
  });
}
