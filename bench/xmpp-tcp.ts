// XMPP over TCP, Parley side by side with Prosody ([notification-service] §6.2, §6.3): N logged-in sessions
// (STARTTLS + SASL PLAIN + bind + initial presence), each subscribed to its own node /finesse/api/User/<id>;
// one publisher (admin) publishes stamped Finesse-like <Update> items to random users' nodes at a fixed rate.
// Measured at the receivers, in this same process (one clock): publish→delivery latency p50/p90/p99/max and
// delivered/expected; from /proc/<server pid>: RSS before and after the logins, CPU per login and per 1,000
// delivered events; and the login rate.
//
//   node --import tsx bench/xmpp-tcp.ts [--sessions N] [--rate EVENTS_PER_S] [--duration S]
//        [--server parley|prosody|both] [--tls on|off] [--concurrency C] [--pin auto|on|off] [--seed N]
//        [--json FILE] [--keep]
//
// Progress goes to stderr; the Markdown report (figures, versions, configs) to stdout. See bench/README.md.
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Element } from '../src/xml/element.js';
import { NS_DATA_FORMS, NS_PUBSUB, NS_PUBSUB_EVENT } from '../src/xml/ns.js';
import { esc, LoadSession, type TlsFacts } from './lib/load-client.js';
import { parleySourceFingerprint, startParley } from './lib/parley-server.js';
import { canPin, childProcesses, installCleanup, readCpuTicks, stealPercent, ownCpuMs, pinSelf, processName, readCpuMs, readCpuSplitMs, readMemoryKb, setKeepTemp } from './lib/proc.js';
import { startProsody } from './lib/prosody-server.js';
import type { ServerOptions, ServerUnderTest } from './lib/server.js';
import { fmt, fmtInt, mb, percentiles, pool, prng, sleep, type Percentiles } from './lib/stats.js';

// ---- options ---------------------------------------------------------------------------------------

const { values: argv } = parseArgs({
  options: {
    sessions: { type: 'string', default: '2000' },
    rate: { type: 'string', default: '200' },
    duration: { type: 'string', default: '30' },
    server: { type: 'string', default: 'both' },
    tls: { type: 'string', default: 'on' },
    concurrency: { type: 'string', default: '50' },
    pin: { type: 'string', default: 'auto' },
    seed: { type: 'string', default: '1' },
    settle: { type: 'string', default: '3' },
    drain: { type: 'string', default: '20' },
    'first-user': { type: 'string', default: '2000001' },
    'parley-subscribe': { type: 'string', default: 'on' },
    'prosody-gc': { type: 'string', default: 'default' },
    runs: { type: 'string', default: '1' },
    timeout: { type: 'string', default: '1200' },
    json: { type: 'string' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});

if (argv.help) {
  process.stdout.write(`usage: node --import tsx bench/xmpp-tcp.ts [options]
  --sessions N            logged-in subscriber sessions (default 2000)
  --rate R                published events per second (default 200)
  --duration S            publishing time in seconds (default 30)
  --server WHICH          parley | prosody | both (default both; Parley first)
  --tls on|off            STARTTLS + PLAIN (default) or plaintext PLAIN without TLS on both servers
  --concurrency C         logins in flight at once (default 50)
  --pin auto|on|off       taskset: generator on CPU 0, server on CPU 1 (auto: when 2+ CPUs and taskset exist)
  --seed N                seed of the random target sequence (same for every server; default 1)
  --settle S              quiet seconds before each RSS reading (default 3)
  --drain S               longest wait for outstanding deliveries after the last publish (default 20)
  --first-user ID         first user id (default 2000001)
  --parley-subscribe on|off  explicit subscribe on Parley too (default on; Parley also auto-subscribes)
  --prosody-gc MODE       default | incremental | generational: Prosody's Lua GC (default: Prosody's own default)
  --runs K                repeat the whole comparison K times, servers alternating (default 1)
  --timeout S             abort everything after S seconds (default 1200)
  --json FILE             also write the raw results as JSON
  --keep                  keep the servers' temporary data directories
`);
  process.exit(0);
}

function intOpt(name: string, raw: string | undefined, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    process.stderr.write(`--${name} must be an integer in ${min}..${max}\n`);
    process.exit(2);
  }
  return n;
}
function choice<T extends string>(name: string, raw: string | undefined, options: readonly T[]): T {
  if (!options.includes(raw as T)) {
    process.stderr.write(`--${name} must be one of ${options.join(', ')}\n`);
    process.exit(2);
  }
  return raw as T;
}

const N = intOpt('sessions', argv.sessions, 1, 60_000);
const RATE = intOpt('rate', argv.rate, 1, 100_000);
const DURATION = intOpt('duration', argv.duration, 1, 3600);
const WHICH = choice('server', argv.server, ['parley', 'prosody', 'both'] as const);
const TLS = choice('tls', argv.tls, ['on', 'off'] as const) === 'on';
const CONCURRENCY = intOpt('concurrency', argv.concurrency, 1, 10_000);
const PIN = choice('pin', argv.pin, ['auto', 'on', 'off'] as const);
const SEED = intOpt('seed', argv.seed, 0, 2 ** 31);
const SETTLE_MS = intOpt('settle', argv.settle, 0, 600) * 1000;
const DRAIN_MS = intOpt('drain', argv.drain, 1, 600) * 1000;
const FIRST = intOpt('first-user', argv['first-user'], 1, 1e12);
const PARLEY_SUBSCRIBE = choice('parley-subscribe', argv['parley-subscribe'], ['on', 'off'] as const) === 'on';
const PROSODY_GC = choice('prosody-gc', argv['prosody-gc'], ['default', 'incremental', 'generational'] as const);
const RUNS = intOpt('runs', argv.runs, 1, 20);
const TIMEOUT_S = intOpt('timeout', argv.timeout, 10, 86_400 * 2);
const TOTAL_EVENTS = RATE * DURATION;
/** Read before the generator pins itself (the count follows the affinity mask). */
const CPUS = availableParallelism();

const DOMAIN = 'localhost';
const PUBSUB = `pubsub.${DOMAIN}`;
const USER_PASSWORD = 'agent';
const ADMIN_PASSWORD = 'admin';
const IQ_TIMEOUT_MS = 60_000;
const LOGIN_TIMEOUT_MS = 60_000;

const log = (s: string): void => { process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${s}\n`); };

// ---- stanzas -----------------------------------------------------------------------------------------

const userNode = (user: number): string => `/finesse/api/User/${user}`;
const STAMP = /bench:(\d+):(\d+\.\d+)/;

/** A Finesse User <Update> (about 900 bytes once escaped) whose requestId carries the stamp. */
function updateDocument(user: number, seq: number, stamp: string): string {
  return '<Update><data><user>'
    + `<dialogs>/finesse/api/User/${user}/Dialogs</dialogs><extension>${user}</extension>`
    + `<firstName>Agent</firstName><lastName>${user}</lastName><loginId>${user}</loginId><loginName>${user}</loginName>`
    + '<mediaType>1</mediaType><pendingState></pendingState><reasonCodeId>-1</reasonCodeId>'
    + '<roles><role>Agent</role></roles><settings><wrapUpOnIncoming>OPTIONAL</wrapUpOnIncoming></settings>'
    + `<state>${seq % 2 ? 'READY' : 'NOT_READY'}</state><stateChangeTime>2026-01-01T00:00:00.000Z</stateChangeTime>`
    + '<teamId>1</teamId><teamName>Team A</teamName><uri>/finesse/api/User/' + user + '</uri>'
    + '</user></data><event>PUT</event>'
    + `<requestId>bench:${seq}:${stamp}</requestId><source>/finesse/api/User/${user}</source></Update>`;
}

const publishIq = (id: string, node: string, update: string): string =>
  `<iq type='set' id='${id}' to='${PUBSUB}'><pubsub xmlns='${NS_PUBSUB}'><publish node='${esc(node)}'><item>`
  + `<notification xmlns='${NS_PUBSUB}'>${esc(update)}</notification></item></publish></pubsub></iq>`;

const subscribeIq = (id: string, node: string, jid: string): string =>
  `<iq type='set' id='${id}' to='${PUBSUB}'><pubsub xmlns='${NS_PUBSUB}'><subscribe node='${esc(node)}' jid='${esc(jid)}'/></pubsub></iq>`;

/** The node configuration submitted at creation (Prosody): as Parley's Finesse nodes are configured. */
const NODE_CONFIG: Record<string, string> = {
  'pubsub#max_items': '1',
  'pubsub#persist_items': '1',
  'pubsub#notification_type': 'normal',
  'pubsub#send_last_published_item': 'never',
  'pubsub#access_model': 'open',
};

const createIq = (id: string, node: string): string =>
  `<iq type='set' id='${id}' to='${PUBSUB}'><pubsub xmlns='${NS_PUBSUB}'><create node='${esc(node)}'/><configure>`
  + `<x xmlns='${NS_DATA_FORMS}' type='submit'><field var='FORM_TYPE' type='hidden'><value>${NS_PUBSUB}#node_config</value></field>`
  + Object.entries(NODE_CONFIG).map(([k, v]) => `<field var='${k}'><value>${v}</value></field>`).join('')
  + '</x></configure></pubsub></iq>';

const isResult = (el: Element): boolean => el.attr('type') === 'result';

// ---- one run -----------------------------------------------------------------------------------------

interface RunResult {
  server: string;
  /** Column header: the server name, with the run number when repeated. */
  label: string;
  version: string;
  process: string;
  configText: string;
  tls: string;
  pinned: boolean;
  sessionsRequested: number;
  sessionsLoggedIn: number;
  loginFailures: string[];
  loginSeconds: number;
  loginRate: number;
  loginLatency: Percentiles;
  serverCpuPerLoginMs: number;
  generatorCpuLoginPct: number;
  nodeCreateSeconds: number | null;
  subscribeSeconds: number | null;
  subscribeFailures: number;
  rssStartKb: number;
  rssBeforeLoginsKb: number;
  rssAfterLoginsKb: number;
  rssAfterEventsKb: number;
  hwmKb: number;
  rssPerSessionKb: number;
  idleCpuPct: number;
  published: number;
  publishAcked: number;
  publishErrors: number;
  publishAck: Percentiles;
  expected: number;
  delivered: number;
  duplicates: number;
  misrouted: number;
  unstamped: number;
  sessionsLost: number;
  firstLost: string;
  latency: Percentiles;
  publishSeconds: number;
  achievedRate: number;
  drainSeconds: number;
  serverCpuPublishPct: number;
  serverUserPublishPct: number;
  serverSysPublishPct: number;
  cpuPer1000Ms: number;
  cpuPer1000NetMs: number;
  bytesPerEvent: number;
  generatorCpuPublishPct: number;
  generatorEldP99Ms: number;
  generatorEldMaxMs: number;
  /** Parley: the sources changed between the start of the server and the end of the run. */
  sourceChanged: boolean;
  /** Hypervisor steal per CPU (%) during the logins and during publishing. */
  stealLoginPct: number[];
  stealPublishPct: number[];
}

async function runOne(kind: 'parley' | 'prosody', pinned: boolean, run: number): Promise<RunResult> {
  const sopts: ServerOptions = {
    domain: DOMAIN, tls: TLS, pinCpu: pinned ? 1 : undefined,
    firstUser: FIRST, userPassword: USER_PASSWORD, adminPassword: ADMIN_PASSWORD, count: N,
    ...(PROSODY_GC === 'default' ? {} : { prosodyGc: PROSODY_GC }),
  };
  log(`${kind}: starting${pinned ? ' (taskset -c 1)' : ''}, provisioning ${fmtInt(N)} users`);
  const server: ServerUnderTest = kind === 'parley' ? await startParley(sopts) : await startProsody(sopts);
  const pid = server.pid;
  const sessions: LoadSession[] = [];
  let admin: LoadSession | undefined;
  try {
    await server.provision(N);
    log(`${server.name}: pid ${pid} (${processName(pid)}) listening on 127.0.0.1:${server.port}`);
    const rssStart = readMemoryKb(pid).rssKb;
    const loginOpts = (username: string, password: string, resource: string) => ({
      host: '127.0.0.1', port: server.port, domain: DOMAIN, tls: TLS, ca: server.ca,
      username, password, resource, timeoutMs: LOGIN_TIMEOUT_MS,
    });

    admin = new LoadSession(loginOpts('admin', ADMIN_PASSWORD, 'bench-publisher'));
    await admin.login();
    const publisher = admin;

    let nodeCreateSeconds: number | null = null;
    if (server.createsNodes) {
      const t0 = performance.now();
      const { failures } = await pool(N, 200, async (i) => {
        const reply = await publisher.iq((id) => createIq(id, userNode(FIRST + i)), IQ_TIMEOUT_MS);
        if (!isResult(reply)) throw new Error(`create failed: ${reply}`);
      });
      if (failures.length > 0) throw new Error(`${failures.length} node creations failed; first: ${failures[0]!.error}`);
      nodeCreateSeconds = (performance.now() - t0) / 1000;
      log(`${server.name}: admin created ${fmtInt(N)} nodes in ${fmt(nodeCreateSeconds)} s`);
    }

    // ---- receivers
    const received = new Uint8Array(TOTAL_EVENTS);
    const targets = new Int32Array(TOTAL_EVENTS).fill(-1);
    const latencies = new Float64Array(TOTAL_EVENTS);
    let delivered = 0;
    let duplicates = 0;
    let misrouted = 0;
    let unstamped = 0;
    let sessionsLost = 0;
    let firstLost = '';
    let loggedIn = false;
    const onMessage = (index: number, el: Element): void => {
      const items = el.getChild('event', NS_PUBSUB_EVENT)?.getChild('items', NS_PUBSUB_EVENT);
      const text = items?.getChild('item', NS_PUBSUB_EVENT)?.getChild('notification', NS_PUBSUB)?.text() ?? '';
      const m = STAMP.exec(text);
      if (!items || !m) {
        unstamped++;
        return;
      }
      const now = performance.now();
      const seq = Number(m[1]);
      if (seq >= TOTAL_EVENTS || targets[seq] !== index || items.attr('node') !== userNode(FIRST + index)) {
        misrouted++;
        return;
      }
      if (received[seq]!++ > 0) {
        duplicates++;
        return;
      }
      latencies[delivered++] = now - Number(m[2]);
    };

    // ---- logins
    await sleep(SETTLE_MS);
    const memBefore = readMemoryKb(pid);
    const loginLat = new Float64Array(N);
    let loginCount = 0;
    const cpuL0 = readCpuMs(pid);
    const stealL0 = readCpuTicks();
    const genL0 = ownCpuMs();
    const tL0 = performance.now();
    let lastReport = tL0;
    log(`${server.name}: RSS ${mb(memBefore.rssKb)} MB before logins; logging in ${fmtInt(N)} sessions, ${CONCURRENCY} at a time`);
    const { failures: loginFailures } = await pool(N, CONCURRENCY, async (i) => {
      const s = new LoadSession(loginOpts(String(FIRST + i), USER_PASSWORD, 'bench'));
      sessions[i] = s;
      s.onMessage = (el) => onMessage(i, el);
      s.onLost = (reason) => {
        if (!loggedIn) return;
        sessionsLost++;
        if (!firstLost) {
          firstLost = `${s.jid}: ${reason}`;
          log(`${server.name}: session lost: ${firstLost}`);
        }
      };
      const t = performance.now();
      await s.login();
      loginLat[loginCount++] = performance.now() - t;
      if (performance.now() - lastReport > 5000) {
        lastReport = performance.now();
        log(`${server.name}: ${fmtInt(loginCount)} sessions logged in`);
      }
    });
    const tL1 = performance.now();
    const cpuL1 = readCpuMs(pid);
    const stealL = stealPercent(stealL0, readCpuTicks());
    const genL1 = ownCpuMs();
    const loginSeconds = (tL1 - tL0) / 1000;
    const alive: number[] = [];
    for (let i = 0; i < N; i++) if (sessions[i]?.isAlive && sessions[i]!.jid) alive.push(i);
    log(`${server.name}: ${fmtInt(alive.length)}/${fmtInt(N)} logged in in ${fmt(loginSeconds)} s `
      + `(${fmt(loginCount / loginSeconds)} logins/s)${loginFailures.length ? `; ${loginFailures.length} FAILED, first: ${loginFailures[0]!.error}` : ''}`);
    if (alive.length === 0) throw new Error('no session logged in');

    // ---- subscriptions
    let subscribeSeconds: number | null = null;
    let subscribeFailures = 0;
    if (kind === 'prosody' || PARLEY_SUBSCRIBE) {
      const t0 = performance.now();
      const { failures } = await pool(alive.length, 200, async (k) => {
        const i = alive[k]!;
        const s = sessions[i]!;
        const bare = s.jid.split('/')[0]!;
        const reply = await s.iq((id) => subscribeIq(id, userNode(FIRST + i), bare), IQ_TIMEOUT_MS);
        if (!isResult(reply)) throw new Error(`subscribe failed: ${reply}`);
      });
      subscribeSeconds = (performance.now() - t0) / 1000;
      subscribeFailures = failures.length;
      log(`${server.name}: ${fmtInt(alive.length - failures.length)} subscriptions in ${fmt(subscribeSeconds)} s`
        + `${failures.length ? `; ${failures.length} FAILED, first: ${failures[0]!.error}` : ''}`);
      if (failures.length > 0) {
        const bad = new Set(failures.map((f) => alive[f.i]!));
        for (let k = alive.length - 1; k >= 0; k--) if (bad.has(alive[k]!)) alive.splice(k, 1);
      }
    }
    loggedIn = true;

    // ---- quiet: RSS after logins and idle CPU with N sessions held
    const cpuI0 = readCpuMs(pid);
    const tI0 = performance.now();
    await sleep(Math.max(SETTLE_MS, 1000));
    const idleCpuPct = ((readCpuMs(pid) - cpuI0) / (performance.now() - tI0)) * 100;
    const memAfter = readMemoryKb(pid);
    log(`${server.name}: RSS ${mb(memAfter.rssKb)} MB after logins (${fmt((memAfter.rssKb - memBefore.rssKb) / alive.length, 1)} KiB/session); `
      + `idle CPU ${fmt(idleCpuPct)} %`);

    // ---- publishing
    const random = prng(SEED);
    const ackLat = new Float64Array(TOTAL_EVENTS);
    let acked = 0;
    let publishErrors = 0;
    let firstPublishError = '';
    let sent = 0;
    const bytesBefore = sessions.reduce((sum, s) => sum + (s?.bytesIn ?? 0), 0);
    const eld = monitorEventLoopDelay({ resolution: 1 });
    const cpuP0 = readCpuSplitMs(pid);
    const stealP0 = readCpuTicks();
    const genP0 = ownCpuMs();
    const tickMs = Math.max(1, Math.min(10, Math.floor(1000 / RATE)));
    log(`${server.name}: publishing ${fmtInt(TOTAL_EVENTS)} events at ${RATE}/s for ${DURATION} s`);
    eld.enable();
    const tP0 = performance.now();
    const publishOne = (seq: number): void => {
      const index = alive[Math.floor(random() * alive.length)]!;
      targets[seq] = index;
      const user = FIRST + index;
      const t = performance.now();
      const update = updateDocument(user, seq, t.toFixed(3));
      publisher.sendIq((id) => publishIq(id, userNode(user), update), (reply) => {
        if (isResult(reply)) {
          ackLat[acked++] = performance.now() - t;
        } else {
          publishErrors++;
          firstPublishError ||= String(reply);
        }
      });
    };
    await new Promise<void>((resolve) => {
      const tick = (): void => {
        const due = Math.min(TOTAL_EVENTS, Math.floor(((performance.now() - tP0) * RATE) / 1000) + 1);
        while (sent < due) publishOne(sent++);
        if (sent >= TOTAL_EVENTS) resolve();
        else setTimeout(tick, tickMs);
      };
      tick();
    });
    const tP1 = performance.now();
    const drainDeadline = tP1 + DRAIN_MS;
    while ((delivered < TOTAL_EVENTS || acked + publishErrors < TOTAL_EVENTS) && performance.now() < drainDeadline && publisher.isAlive) {
      await sleep(20);
    }
    const tD = performance.now();
    eld.disable();
    const cpuP1 = readCpuSplitMs(pid);
    const stealP = stealPercent(stealP0, readCpuTicks());
    const genP1 = ownCpuMs();
    const bytesAfter = sessions.reduce((sum, s) => sum + (s?.bytesIn ?? 0), 0);
    const windowMs = tD - tP0;
    const serverUserMs = cpuP1.user - cpuP0.user;
    const serverSysMs = cpuP1.sys - cpuP0.sys;
    const serverCpuMs = serverUserMs + serverSysMs;
    const idleCpuMs = (idleCpuPct / 100) * windowMs;
    const memEnd = readMemoryKb(pid);
    log(`${server.name}: ${fmtInt(delivered)}/${fmtInt(TOTAL_EVENTS)} delivered; drain ${fmt((tD - tP1) / 1000, 2)} s`
      + `${publishErrors ? `; ${publishErrors} publish errors, first: ${firstPublishError}` : ''}`);

    const tls: TlsFacts | undefined = sessions[alive[0]!]?.tlsFacts;
    const children = childProcesses(pid);
    const result: RunResult = {
      server: server.name,
      label: RUNS > 1 ? `${server.name} #${run}` : server.name,
      version: server.version,
      process: `${processName(pid)} (pid ${pid})${children.length === 0 ? '' : `; not included: child ${children
        .map((c) => `${c.name} ${mb(c.rssKb)} MB RSS, ${fmt(c.cpuMs / 1000, 1)} s CPU in all`).join('; ')}`}`,
      configText: server.configText,
      tls: TLS ? (tls ? `STARTTLS, ${tls.protocol} ${tls.cipher}, ${tls.peerKey} certificate` : 'STARTTLS') : 'none (plaintext PLAIN)',
      pinned,
      sessionsRequested: N,
      sessionsLoggedIn: alive.length,
      loginFailures: loginFailures.slice(0, 5).map((f) => f.error),
      loginSeconds,
      loginRate: loginCount / loginSeconds,
      loginLatency: percentiles(loginLat, loginCount),
      serverCpuPerLoginMs: (cpuL1 - cpuL0) / Math.max(1, loginCount),
      generatorCpuLoginPct: ((genL1 - genL0) / (tL1 - tL0)) * 100,
      nodeCreateSeconds,
      subscribeSeconds,
      subscribeFailures,
      rssStartKb: rssStart,
      rssBeforeLoginsKb: memBefore.rssKb,
      rssAfterLoginsKb: memAfter.rssKb,
      rssAfterEventsKb: memEnd.rssKb,
      hwmKb: memEnd.hwmKb,
      rssPerSessionKb: (memAfter.rssKb - memBefore.rssKb) / alive.length,
      idleCpuPct,
      published: sent,
      publishAcked: acked,
      publishErrors,
      publishAck: percentiles(ackLat, acked),
      expected: TOTAL_EVENTS,
      delivered,
      duplicates,
      misrouted,
      unstamped,
      sessionsLost,
      firstLost,
      latency: percentiles(latencies, delivered),
      publishSeconds: (tP1 - tP0) / 1000,
      achievedRate: sent / ((tP1 - tP0) / 1000),
      drainSeconds: (tD - tP1) / 1000,
      serverCpuPublishPct: (serverCpuMs / windowMs) * 100,
      serverUserPublishPct: (serverUserMs / windowMs) * 100,
      serverSysPublishPct: (serverSysMs / windowMs) * 100,
      cpuPer1000Ms: serverCpuMs / Math.max(1, delivered / 1000),
      cpuPer1000NetMs: Math.max(0, serverCpuMs - idleCpuMs) / Math.max(1, delivered / 1000),
      bytesPerEvent: (bytesAfter - bytesBefore) / Math.max(1, delivered),
      generatorCpuPublishPct: ((genP1 - genP0) / windowMs) * 100,
      // The histogram records whole intervals between 1 ms timer ticks: subtract the 1 ms tick.
      generatorEldP99Ms: Math.max(0, eld.percentile(99) / 1e6 - 1),
      generatorEldMaxMs: Math.max(0, eld.max / 1e6 - 1),
      stealLoginPct: stealL,
      stealPublishPct: stealP,
      sourceChanged: server.sourceHash !== undefined && parleySourceFingerprint().hash !== server.sourceHash,
    };
    return result;
  } catch (e) {
    log(`${server.name}: FAILED: ${e instanceof Error ? e.message : String(e)}\n--- server log tail ---\n${server.logTail()}`);
    throw e;
  } finally {
    admin?.destroy();
    for (const s of sessions) s?.destroy();
    const { graceful } = await server.stop();
    if (!graceful) log(`${server.name}: did not exit on SIGTERM within 8 s; killed`);
  }
}

// ---- report ------------------------------------------------------------------------------------------

function report(results: RunResult[], pinned: boolean, started: Date): string {
  const col = (f: (r: RunResult) => string): string => results.map(f).join(' | ');
  const row = (label: string, f: (r: RunResult) => string): string => `| ${label} | ${col(f)} |`;
  const ms = (n: number): string => fmt(n, n < 10 ? 2 : 1);
  const pct = (p: Percentiles): string => `${ms(p.p50)} / ${ms(p.p90)} / ${ms(p.p99)} / ${ms(p.max)}`;
  const lines: string[] = [];
  lines.push(`## XMPP over TCP: ${fmtInt(N)} sessions, ${RATE} events/s for ${DURATION} s (${TLS ? 'STARTTLS' : 'no TLS'})`, '');
  lines.push(`Run ${started.toISOString()} on ${process.platform} ${process.arch}, ${CPUS} CPU(s); `
    + `generator Node ${process.version}${pinned ? ' pinned to CPU 0, server pinned to CPU 1 (taskset)' : ', no CPU pinning'}; `
    + `all traffic on 127.0.0.1.`, '');
  lines.push(`Command: \`${['node --import tsx bench/xmpp-tcp.ts', ...process.argv.slice(2)].join(' ')}\``, '');
  lines.push(`| metric | ${col((r) => r.label)} |`, `|---|${results.map(() => '---').join('|')}|`);
  lines.push(row('server', (r) => r.version));
  lines.push(row('process measured', (r) => r.process));
  lines.push(row('transport', (r) => r.tls));
  lines.push(row('sessions logged in / requested', (r) => `${fmtInt(r.sessionsLoggedIn)} / ${fmtInt(r.sessionsRequested)}${r.sessionsLoggedIn < r.sessionsRequested ? ' **INCOMPLETE**' : ''}`));
  lines.push(row(`login rate (${CONCURRENCY} in flight)`, (r) => `${fmt(r.loginRate, 0)} /s (${fmt(r.loginSeconds)} s)`));
  lines.push(row('login latency p50 / p90 / p99 / max (ms)', (r) => pct(r.loginLatency)));
  lines.push(row('server CPU per login (ms)', (r) => ms(r.serverCpuPerLoginMs)));
  lines.push(row('node creation by admin (s)', (r) => (r.nodeCreateSeconds === null ? '— (Finesse nodes exist)' : fmt(r.nodeCreateSeconds))));
  lines.push(row('explicit subscriptions (s)', (r) => (r.subscribeSeconds === null ? '— (auto-subscribed)' : `${fmt(r.subscribeSeconds)}${r.subscribeFailures ? ` (${r.subscribeFailures} failed)` : ''}`)));
  lines.push(row('RSS at start / before logins (MB)', (r) => `${mb(r.rssStartKb)} / ${mb(r.rssBeforeLoginsKb)}`));
  lines.push(row('RSS after logins + subscribe (MB)', (r) => mb(r.rssAfterLoginsKb)));
  lines.push(row('**RSS per session (KiB)**', (r) => `**${fmt(r.rssPerSessionKb)}**`));
  lines.push(row('RSS after events / peak (MB)', (r) => `${mb(r.rssAfterEventsKb)} / ${mb(r.hwmKb)}`));
  lines.push(row('idle CPU with all sessions (% of a core)', (r) => fmt(r.idleCpuPct, 2)));
  lines.push(row('events published (achieved rate)', (r) => `${fmtInt(r.published)} (${fmt(r.achievedRate)}/s)`));
  lines.push(row('**delivered / expected**', (r) => {
    const ok = r.delivered === r.expected && r.duplicates === 0 && r.misrouted === 0;
    return `${ok ? '' : '**'}${fmtInt(r.delivered)} / ${fmtInt(r.expected)} (${fmt((100 * r.delivered) / r.expected, 2)} %)${ok ? '' : ' INCOMPLETE**'}`;
  }));
  lines.push(row('duplicates / misrouted / unstamped', (r) => `${r.duplicates} / ${r.misrouted} / ${r.unstamped}`));
  lines.push(row('**latency p50 / p90 / p99 / max (ms)**', (r) => `**${pct(r.latency)}**`));
  lines.push(row('publish ack p50 / p90 / p99 / max (ms)', (r) => pct(r.publishAck)));
  lines.push(row('publish errors / sessions lost', (r) => `${r.publishErrors} / ${r.sessionsLost}`));
  lines.push(row('server CPU while publishing, user + sys (% of a core)', (r) => `${fmt(r.serverCpuPublishPct)} (${fmt(r.serverUserPublishPct)} + ${fmt(r.serverSysPublishPct)})`));
  lines.push(row('**server CPU per 1,000 delivered (ms)**', (r) => `**${fmt(r.cpuPer1000Ms)}** (net of idle ${fmt(r.cpuPer1000NetMs)})`));
  lines.push(row('bytes received per event (after TLS)', (r) => fmtInt(r.bytesPerEvent)));
  lines.push(row('generator CPU: logins / publishing (% of a core)', (r) => `${fmt(r.generatorCpuLoginPct)} / ${fmt(r.generatorCpuPublishPct)}`));
  const steal = (v: number[]): string => v.map((x) => fmt(x, 1)).join(' / ');
  lines.push(row('host steal per CPU: logins / publishing (%)', (r) => `${steal(r.stealLoginPct)} · ${steal(r.stealPublishPct)}`));
  lines.push(row('generator event-loop lag p99 / max (ms)', (r) => `${fmt(r.generatorEldP99Ms)} / ${fmt(r.generatorEldMaxMs)}`));
  lines.push('');
  for (const r of results) {
    const problems: string[] = [];
    if (r.delivered !== r.expected) problems.push(`delivered ${r.delivered} of ${r.expected} events (${r.expected - r.delivered} missing)`);
    if (r.duplicates || r.misrouted) problems.push(`${r.duplicates} duplicates, ${r.misrouted} misrouted`);
    if (r.sessionsLoggedIn < r.sessionsRequested) problems.push(`${r.sessionsRequested - r.sessionsLoggedIn} sessions failed (first errors: ${r.loginFailures.join('; ')})`);
    if (r.publishErrors) problems.push(`${r.publishErrors} publish errors`);
    if (r.sessionsLost) problems.push(`${r.sessionsLost} sessions lost during the run (first: ${r.firstLost})`);
    if (problems.length) lines.push(`> **WARNING — ${r.label}: ${problems.join('; ')}. Figures of this run are not comparable.**`, '');
    const worstSteal = Math.max(...r.stealLoginPct.filter(Number.isFinite), ...r.stealPublishPct.filter(Number.isFinite), 0);
    if (worstSteal >= 3) lines.push(`> Note — ${r.label}: the hypervisor stole up to ${fmt(worstSteal)} % of a CPU during a measured phase; its figures are disturbed.`, '');
    if (r.sourceChanged) lines.push(`> Note — ${r.label}: Parley's sources changed while the run lasted; the process ran the version hashed at its start.`, '');
  }
  lines.push('Definitions: latency = receive time − stamp taken just before the publish IQ was written (same process, same clock); '
    + 'RSS per session = (VmRSS after logins and subscriptions − VmRSS before logins) ÷ sessions, after a quiet period; '
    + 'server CPU = Δ(utime+stime) of the server process over the publishing window (first publish → last delivery), '
    + '"net of idle" subtracts the idle CPU rate measured just before; login = TCP connect → bind result (+ initial presence sent); '
    + 'host steal = time the hypervisor gave a vCPU to someone else (/proc/stat), per CPU: generator CPU first, then the server CPU when pinned.', '');
  const shown = new Set<string>();
  for (const r of results) {
    if (shown.has(r.server)) continue;
    shown.add(r.server);
    lines.push(`### ${r.server} configuration`, '', '```', r.configText.replace(/c2s_ports = \{ \d+ \}/, 'c2s_ports = { PORT }'), '```', '');
  }
  return lines.join('\n');
}

// ---- main --------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  installCleanup();
  setKeepTemp(argv.keep ?? false);
  const watchdog = setTimeout(() => {
    log(`timeout: still running after ${TIMEOUT_S} s; stopping`);
    process.exit(3);
  }, TIMEOUT_S * 1000);
  watchdog.unref();

  const pinned = PIN === 'off' ? false : canPin();
  if (PIN === 'on' && !pinned) throw new Error('--pin on: taskset is missing or fewer than 2 CPUs are available');
  if (pinned && !pinSelf(0)) throw new Error('taskset could not pin the generator');
  log(`generator pid ${process.pid}${pinned ? ' pinned to CPU 0; servers will run on CPU 1' : ', no CPU pinning'}`);

  const started = new Date();
  const kinds: ('parley' | 'prosody')[] = WHICH === 'both' ? ['parley', 'prosody'] : [WHICH];
  const results: RunResult[] = [];
  for (let run = 1; run <= RUNS; run++) {
    for (const kind of kinds) {
      results.push(await runOne(kind, pinned, run));
      await sleep(1000);
    }
  }
  const md = report(results, pinned, started);
  process.stdout.write(`${md}\n`);
  if (argv.json) writeFileSync(argv.json, JSON.stringify({ started, argv: process.argv.slice(2), results }, null, 2));
  const bad = results.filter((r) => r.delivered !== r.expected || r.sessionsLoggedIn !== r.sessionsRequested);
  if (bad.length > 0) {
    process.stderr.write(`\n!!! NOT 100 %: ${bad.map((r) => `${r.label} delivered ${r.delivered}/${r.expected}, sessions ${r.sessionsLoggedIn}/${r.sessionsRequested}`).join('; ')} !!!\n`);
    process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  log(`benchmark failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  process.exit(1);
});
