// Parley for the BOSH benchmark: the real `parley serve` process, like bench/lib/parley-server.ts, but
// reporting the `notification` HTTPS port (BOSH at https://127.0.0.1:<notification>/http-bind) and with
// the BOSH settings of the comparison. Every port 0, loopback only, a fresh temporary data directory.
import { appendFileSync, closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { BoshServerOptions, BoshServerUnderTest } from './bosh-server.js';
import { removeTempDir, spawnTracked, stopChild, trackTempDir } from './proc.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/parley.mjs');

export async function startParleyBosh(opts: BoshServerOptions): Promise<BoshServerUnderTest> {
  /** Settings applied unless the caller's environment already sets them (the report lists the effective ones). */
  const benchEnv: Record<string, string> = {
    // All load comes from 127.0.0.1: no per-address limits (500 connections, 600 BOSH creations a minute).
    PARLEY_XMPP_MAX_CONNECTIONS_PER_IP: '1000000',
    PARLEY_BOSH_MAX_CREATIONS_PER_ADDRESS_PER_MINUTE: '0',
    // max_items 1 on every node, as configured on Prosody and ejabberd.
    PARLEY_PUBSUB_MAX_ITEMS_PER_NODE: '1',
    // Prosody and ejabberd send no server-to-client pings; Parley would ping sessions silent for 60 s.
    PARLEY_XMPP_PING_INTERVAL_S: '0',
    PARLEY_BOSH_MAX_WAIT_S: String(opts.maxWaitS),
  };
  const data = trackTempDir(mkdtempSync(join(tmpdir(), 'parley-bosh-bench-')));
  const logFile = join(data, 'server-stderr.log');
  const stdoutLog = join(data, 'server-stdout.log');
  const env: Record<string, string | undefined> = { ...process.env };
  const applied: string[] = [];
  for (const [k, v] of Object.entries(benchEnv)) {
    if (env[k] === undefined || env[k] === '') env[k] = v;
    applied.push(`${k}=${env[k]}`);
  }
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('PARLEY_') && !(k in benchEnv)) applied.push(`${k}=${v}`);
  }
  const nodeArgs = (process.env.BENCH_PARLEY_NODE_ARGS ?? '').split(/\s+/).filter((a) => a !== '');
  const serveArgs = [...nodeArgs, BIN, 'serve', '--data', data, '--fqdn', opts.domain, '--bind', '127.0.0.1',
    '--port-https', '0', '--port-notification', '0', '--port-xmpp', '0', '--port-xmpps', '0',
    '--port-cti', '0', '--port-livedata', '0', '--log-level', 'warn', '--inactivity', String(opts.inactivityS)];
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
      appendFileSync(stdoutLog, `${line}\n`);
    });
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`parley exited (${code ?? sig}) before ready: ${tail(logFile)}`));
    });
  });
  const port = ready.ports.xmpp;
  const notification = ready.ports.notification;
  if (!port || !notification) throw new Error(`the ready line lacks the xmpp or notification port: ${JSON.stringify(ready.ports)}`);
  const ca = readFileSync(ready.ca);

  const commandLine = [...applied, ...(opts.pinCpu === undefined ? [] : ['taskset', '-c', String(opts.pinCpu)]),
    'node', ...serveArgs.map((a) => (a === data ? 'DIR' : a === BIN ? 'bin/parley.mjs' : a))].join(' ');

  return {
    name: 'Parley',
    version: `Parley ${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version} on Node ${process.version}`,
    pid,
    port,
    ca,
    boshUrl: `https://127.0.0.1:${notification}/http-bind`,
    boshCa: ca,
    pubsubStorage: 'items in memory (max_items 1); subscriptions in SQLite',
    configText: [
      `$ ${commandLine}`,
      `$ node bin/parley.mjs admin --data DIR user bulk-add --first ${opts.firstUser} --count N --password ${opts.userPassword}`,
      `BOSH: https://127.0.0.1:<notification port>/http-bind (Node https server, certificate from Parley's own CA, verified by the client);`,
      `inactivity ${opts.inactivityS} s, bosh.maxWaitS ${opts.maxWaitS}, bosh.maxHold 1 (default), requests = hold + 1 (default).`,
      'Storage: SQLite in DIR (users, subscriptions); pubsub items in memory (max_items 1 via PARLEY_PUBSUB_MAX_ITEMS_PER_NODE).',
      'Nodes: the Finesse User nodes that exist for every agent (no create); default config: notification_type normal,',
      'persist_items 1 (in memory), send_last_published_item never. Each user is auto-subscribed to its own User node;',
      'the benchmark also subscribes explicitly (same IQ as on the reference servers).',
      'SASL PLAIN is checked by PBKDF2-HMAC-SHA-256, 4096 iterations; one shared credential record for all bulk users.',
      'Publisher: admin (demo data, password admin) over TCP on the xmpp port with STARTTLS.',
    ].join('\n'),
    async provision(count: number) {
      const r = await runToEnd(process.execPath, [BIN, 'admin', '--data', data, 'user', 'bulk-add',
        '--first', String(opts.firstUser), '--count', String(count), '--password', opts.userPassword], 300_000);
      if (r.code !== 0) throw new Error(`bulk-add failed (${r.code}): ${r.out}`);
    },
    createsNodes: false,
    pids: () => [pid],
    async stop() {
      const { graceful } = await stopChild(child, 8000);
      removeTempDir(data);
      return { graceful };
    },
    logTail: () => tail(logFile),
  };
}

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
