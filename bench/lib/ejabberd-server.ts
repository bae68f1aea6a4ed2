// ejabberd under test ([notification-service] §5.5, §6.3): Debian's ejabberd 23.01, started with
// `ejabberdctl --config-dir DIR --spool DIR/spool --logs DIR/logs foreground` as the `ejabberd` user, with an
// ejabberd.yml and ejabberdctl.cfg of our own in a temporary directory.
//
// Loopback only: every listener binds 127.0.0.1, and Erlang distribution runs without epmd
// (ejabberdctl's ERL_DIST_PORT: `-erl_epmd_port PORT -start_epmd false`) on INET_DIST_INTERFACE=127.0.0.1;
// ERL_EPMD_ADDRESS=127.0.0.1 is set too, should anything start epmd. HOME is the temporary directory, so the
// Erlang cookie is written there. The server is stopped with SIGTERM to beam.smp (a clean init:stop), and
// beam.smp is SIGKILLed when the benchmark exits in any other way (error, Ctrl-C).
//
// Accounts: `ejabberdctl register` starts an Erlang node per call, so the users are registered through
// mod_http_api (`POST /api/register`) on a third, plain-HTTP loopback listener, many calls at once over
// keep-alive connections. Passwords are stored as SCRAM-SHA-1 (auth_password_format: scram, 4096 iterations).
import { spawnSync } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertLoopbackOnly, canConnect, descendants, freePort, type BoshServerOptions, type BoshServerUnderTest } from './bosh-server.js';
import { makeCertificate } from './prosody-process.js';
import { removeTempDir, spawnTracked, stopChild, trackTempDir } from './proc.js';
import { pool } from './stats.js';

const EJABBERD_USER = 'ejabberd';

/**
 * The temporary directories of the ejabberd nodes we started. At exit, whatever the cause (error, Ctrl-C,
 * watchdog), every process whose command line names one of them is SIGKILLed: ejabberdctl does not
 * forward signals to beam.smp, which would otherwise outlive the benchmark.
 */
const nodeDirs = new Set<string>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    if (nodeDirs.size > 0) for (const pid of processesNaming([...nodeDirs])) signal(pid, 'SIGKILL');
  });
}

/** Pids of the processes whose command line contains one of `needles`. */
function processesNaming(needles: string[]): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (needles.some((n) => cmdline.includes(n))) out.push(Number(name));
    } catch { /* gone */ }
  }
  return out;
}

/** The ejabberd node's beam.smp (not the short-lived `erl -eval` ejabberdctl runs first). */
function findBeam(dir: string): number | undefined {
  return processesNaming([`-home\0${dir}`]).find((pid) => {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'beam.smp' && cmd.includes('-s\0ejabberd');
    } catch {
      return false;
    }
  });
}

function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!existsSync(`/proc/${pid}`)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !existsSync(`/proc/${pid}`);
}

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const p = join(path, entry.name);
    if (entry.isDirectory()) chownTree(p, uid, gid);
    else chownSync(p, uid, gid);
  }
}

function ejabberdYml(dir: string, ports: { c2s: number; bosh: number; api: number }, opts: BoshServerOptions, cert: { keyFile: string; certFile: string }): string {
  const d = opts.domain;
  return `# Parley BOSH benchmark: ejabberd reference configuration (loopback only), after [notification-service] §5.5
loglevel: warning
log_rotate_count: 0
hosts:
  - "${d}"
certfiles:
  - "${cert.keyFile}"
  - "${cert.certFile}"
listen:
  -
    port: ${ports.c2s}
    ip: "127.0.0.1"
    module: ejabberd_c2s
    backlog: 511
    max_stanza_size: 262144
    starttls_required: true
  -
    port: ${ports.bosh}
    ip: "127.0.0.1"
    module: ejabberd_http
    backlog: 511
    tls: ${opts.boshTls ? 'true' : 'false'}
    request_handlers:
      /http-bind: mod_bosh
  -
    port: ${ports.api}
    ip: "127.0.0.1"
    module: ejabberd_http
    backlog: 511
    request_handlers:
      /api: mod_http_api
auth_method: internal
auth_password_format: ${opts.ejabberdPasswordFormat ?? 'scram'}
acl:
  admin:
    user:
      - "admin@${d}"
  local:
    user_regexp: ""
  loopback:
    ip:
      - 127.0.0.0/8
access_rules:
  local:
    allow: local
  c2s:
    allow: all
  pubsub_createnode:
    allow: local
api_permissions:
  "benchmark provisioning from loopback":
    from:
      - mod_http_api
      - ejabberd_ctl
    who:
      ip: 127.0.0.1/8
    what: "*"
modules:
  mod_bosh:
    max_inactivity: ${opts.inactivityS}
    queue_type: ram
  mod_disco: {}
  mod_ping: {}
  mod_roster: {}
  mod_offline: {}
  mod_pubsub:
    access_createnode: pubsub_createnode
    plugins:
      - flat
    max_items_node: 256
`;
}

export async function startEjabberd(opts: BoshServerOptions): Promise<BoshServerUnderTest> {
  installExitHook();
  const uid = Number(spawnSync('id', ['-u', EJABBERD_USER], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', EJABBERD_USER], { encoding: 'utf8' }).stdout.trim());
  const isRoot = process.getuid?.() === 0;
  if (isRoot && (!Number.isInteger(uid) || !Number.isInteger(gid))) throw new Error(`no ${EJABBERD_USER} user`);

  const dir = trackTempDir(mkdtempSync(join(tmpdir(), 'ejabberd-bench-')));
  nodeDirs.add(dir);
  for (const sub of ['spool', 'logs']) mkdirSync(join(dir, sub));
  const cert = makeCertificate(join(dir, 'certs'), opts.domain);
  const ports = { c2s: await freePort(), bosh: await freePort(), api: await freePort(), dist: await freePort() };
  if (new Set(Object.values(ports)).size !== 4) throw new Error('could not find four distinct free ports');
  const yml = ejabberdYml(dir, ports, opts, cert);
  writeFileSync(join(dir, 'ejabberd.yml'), yml);
  const ctlCfg = [
    'ERLANG_NODE=ejabberd@localhost',
    'INET_DIST_INTERFACE=127.0.0.1',
    'ERL_EPMD_ADDRESS=127.0.0.1',
    `ERL_DIST_PORT=${ports.dist}`,
    'EJABBERD_BYPASS_WARNINGS=true',
    'ERL_OPTIONS="-env ERL_CRASH_DUMP_BYTES 0"',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'ejabberdctl.cfg'), ctlCfg);
  writeFileSync(join(dir, 'inetrc'), '');
  if (isRoot) chownTree(dir, uid, gid);

  const ctlArgs = ['--config-dir', dir, '--spool', join(dir, 'spool'), '--logs', join(dir, 'logs'), 'foreground'];
  const [cmd, args] = opts.pinCpu === undefined
    ? ['/usr/sbin/ejabberdctl', ctlArgs]
    : ['taskset', ['-c', String(opts.pinCpu), '/usr/sbin/ejabberdctl', ...ctlArgs]];
  const outFd = openSync(join(dir, 'ejabberd.out'), 'a');
  const child = spawnTracked(cmd, args, {
    cwd: dir,
    stdio: ['ignore', outFd, outFd],
    env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', HOME: dir, LANG: 'C.UTF-8' },
    ...(isRoot ? { uid, gid } : {}),
  });
  closeSync(outFd);
  if (child.pid === undefined) throw new Error('could not start ejabberdctl');
  const logTail = (): string => ['ejabberd.out', 'logs/ejabberd.log', 'logs/error.log']
    .map((f) => { try { return readFileSync(join(dir, f), 'utf8').split('\n').slice(-10).join('\n'); } catch { return ''; } })
    .join('\n');

  let beam: number | undefined;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`ejabberd exited before listening:\n${logTail()}`);
    beam ??= findBeam(dir);
    if (beam !== undefined && await canConnect(ports.c2s) && await canConnect(ports.bosh) && await canConnect(ports.api)) break;
    if (Date.now() > deadline) throw new Error(`ejabberd did not listen within 60 s:\n${logTail()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const beamPid = beam;
  const allPids = (): number[] => [...new Set([child.pid!, beamPid, ...descendants(child.pid!).map((p) => p.pid)])];
  assertLoopbackOnly('ejabberd', allPids());

  const erts = /erts-([\d.]+)/.exec(readFileSync(`/proc/${beamPid}/cmdline`, 'utf8'))?.[1] ?? '?';
  const otp = (() => {
    try {
      const rel = readdirSync('/usr/lib/erlang/releases').find((r) => /^\d+$/.test(r));
      return rel ? readFileSync(`/usr/lib/erlang/releases/${rel}/OTP_VERSION`, 'utf8').trim() : '?';
    } catch { return '?'; }
  })();
  const ejVersion = (() => {
    const dpkg = spawnSync('dpkg-query', ['-W', '-f', '${Version}', 'ejabberd'], { encoding: 'utf8' });
    return dpkg.status === 0 ? dpkg.stdout.trim() : existsSync('/usr/lib/x86_64-linux-gnu/ejabberd-23.01') ? '23.01' : '?';
  })();
  const certPem = readFileSync(cert.certFile);

  return {
    name: 'ejabberd',
    version: `ejabberd ${ejVersion} (Erlang/OTP ${otp}, ERTS ${erts})`,
    pid: beamPid,
    port: ports.c2s,
    ca: certPem,
    boshUrl: `${opts.boshTls ? 'https' : 'http'}://127.0.0.1:${ports.bosh}/http-bind`,
    boshCa: opts.boshTls ? certPem : undefined,
    pubsubStorage: 'mnesia (nodes disc_copies, items disc_only_copies)',
    configText: [
      `$ ${opts.pinCpu === undefined ? '' : `taskset -c ${opts.pinCpu} `}ejabberdctl --config-dir DIR --spool DIR/spool --logs DIR/logs foreground   # as user ${EJABBERD_USER}, HOME=DIR`,
      '# DIR/ejabberdctl.cfg',
      ctlCfg.replace(/ERL_DIST_PORT=\d+/, 'ERL_DIST_PORT=PORT').trimEnd(),
      '# DIR/ejabberd.yml',
      yml.replaceAll(dir, 'DIR').replace(/port: \d+/g, 'port: PORT').trimEnd(),
      `Accounts: admin and the users registered with POST /api/register (mod_http_api on the third listener), ${(opts.ejabberdPasswordFormat ?? 'scram') === 'scram' ? 'SCRAM-SHA-1, 4096 iterations' : 'stored in plain text (auth_password_format: plain)'}.`,
      'Nodes: created by admin@ with a submitted pubsub#node_config form: max_items 1, persist_items 1 (mnesia),',
      'notification_type normal, send_last_published_item never, access_model open.',
      `BOSH: mod_bosh over ${opts.boshTls ? 'HTTPS (self-signed RSA 2048 certificate, verified by the client)' : 'plain HTTP'}; hold 1, requests 2.`,
    ].join('\n'),
    async provision(count: number) {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
      const register = (user: string, password: string): Promise<void> => new Promise((resolve, reject) => {
        const body = JSON.stringify({ user, host: opts.domain, password });
        const req = http.request({ agent, host: '127.0.0.1', port: ports.api, path: '/api/register', method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => { text += d; });
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`register ${user}: HTTP ${res.statusCode} ${text}`))));
        });
        req.on('error', reject);
        req.end(body);
      });
      try {
        await register('admin', opts.adminPassword);
        const { failures } = await pool(count, 32, (i) => register(String(opts.firstUser + i), opts.userPassword));
        if (failures.length > 0) throw new Error(`${failures.length} registrations failed; first: ${failures[0]!.error}`);
      } finally {
        agent.destroy();
      }
    },
    createsNodes: true,
    pids: allPids,
    async stop() {
      // BEAM: SIGTERM = init:stop(), a clean shutdown; ejabberdctl (bash) then exits by itself.
      const graceful = signal(beamPid, 'SIGTERM') && await waitGone(beamPid, 15_000);
      if (!graceful) signal(beamPid, 'SIGKILL');
      await stopChild(child, 3000);
      for (const pid of processesNaming([dir])) signal(pid, 'SIGKILL'); // nothing should be left; make sure
      nodeDirs.delete(dir);
      removeTempDir(dir);
      return { graceful };
    },
    logTail,
  };
}
