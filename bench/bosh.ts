// XMPP over BOSH (XEP-0124/0206), Parley side by side with Prosody and ejabberd ([notification-service]
// §6.3 scenarios 1, 2 and 4), each server started by the benchmark on 127.0.0.1 and stopped at the end:
//
//  1. session capacity: N BOSH sessions (create with wait=30 hold=1, SASL PLAIN, restart, bind, session,
//     subscribe to the user's own node /finesse/api/User/<id>, initial presence), then long-polling with
//     always one request held, for --hold seconds. Reported: sessions held without an error at the end,
//     errors by kind, RSS of the server process before/after (per session), server CPU while idle.
//  2. fan-out: a publisher (admin, XMPP over TCP with STARTTLS) publishes stamped Finesse-like <Update>
//     items to random users' nodes at a fixed rate; the load client measures publish→delivery latency
//     (one process, one clock) and delivered/expected.
//  3. idle detection: K % of the sessions send directed presence to a watcher (admin over BOSH), then die
//     abruptly (their open requests are aborted, nothing more is sent); the time until the watcher gets
//     their unavailable presence is measured (expected: the inactivity timeout).
//
//   node --import tsx bench/bosh.ts [--servers parley,prosody,ejabberd] [--sessions 2000[,5000…]]
//        [--hold S] [--rate R] [--duration S] [--kill-pct P] [--ref-tls on|off] [--pin auto|on|off] …
//
// Progress goes to stderr; the Markdown report (figures, versions, configs) to stdout. See bench/README.md.
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Element } from '../src/xml/element.js';
import { NS_DATA_FORMS, NS_PUBSUB } from '../src/xml/ns.js';
import { BoshClientSession, BoshEndpoint, localName, startTagAttr, xmlEscape, type BoshError, type EndpointStats } from './lib/bosh-load.js';
import { assertLoopbackOnly, type BoshServerOptions, type BoshServerUnderTest } from './lib/bosh-server.js';
import { startEjabberd } from './lib/ejabberd-server.js';
import { LoadSession } from './lib/load-client.js';
import { startParleyBosh } from './lib/parley-bosh-server.js';
import { canPin, installCleanup, ownCpuMs, pinSelf, processName, readCpuMs, readMemoryKb, setKeepTemp } from './lib/proc.js';
import { startProsodyBosh } from './lib/prosody-bosh-server.js';
import { fmt, fmtInt, mb, percentiles, pool, prng, sleep, type Percentiles } from './lib/stats.js';

// ---- options ---------------------------------------------------------------------------------------

const { values: argv } = parseArgs({
  options: {
    servers: { type: 'string', default: 'parley,prosody,ejabberd' },
    sessions: { type: 'string', default: '2000' },
    hold: { type: 'string', default: '120' },
    rate: { type: 'string', default: '500' },
    duration: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    'kill-pct': { type: 'string', default: '10' },
    wait: { type: 'string', default: '30' },
    inactivity: { type: 'string', default: '60' },
    'ref-tls': { type: 'string', default: 'on' },
    'ref-persist-items': { type: 'string', default: 'on' },
    'ejabberd-passwords': { type: 'string', default: 'scram' },
    concurrency: { type: 'string', default: '50' },
    pin: { type: 'string', default: 'auto' },
    seed: { type: 'string', default: '1' },
    settle: { type: 'string', default: '5' },
    drain: { type: 'string', default: '20' },
    'first-user': { type: 'string', default: '2000001' },
    timeout: { type: 'string', default: '5400' },
    json: { type: 'string' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});

if (argv.help) {
  process.stdout.write(`usage: node --import tsx bench/bosh.ts [options]
  --servers LIST          comma-separated: parley, prosody, ejabberd (default all three, in that order)
  --sessions N[,N…]       BOSH sessions per run; several sizes run one after another (default 2000)
  --hold S                seconds the idle sessions are held after the last login (default 120)
  --rate R                published events per second in the fan-out (default 500)
  --duration S            fan-out publishing time in seconds (default 30)
  --warmup S              unmeasured publishing at the same rate before the fan-out (default 5; 0 = none)
  --kill-pct P            idle detection: % of sessions killed abruptly (default 10; 0 = skip)
  --wait S                BOSH wait asked by the clients (default 30; hold is always 1)
  --inactivity S          BOSH inactivity timeout on every server (default 60)
  --ref-tls on|off        BOSH over HTTPS (default) or plain HTTP on Prosody and ejabberd (Parley: HTTPS only)
  --ref-persist-items on|off  pubsub#persist_items of the nodes created on Prosody and ejabberd (default on)
  --ejabberd-passwords scram|plain  ejabberd auth_password_format (default scram, like the others)
  --concurrency C         logins in flight at once (default 50)
  --pin auto|on|off       taskset: generator on CPU 0, server on CPU 1 (auto: when 2+ CPUs and taskset exist)
  --seed N                seed of the random target sequence (same for every server; default 1)
  --settle S              quiet seconds before the first RSS reading (default 5)
  --drain S               longest wait for outstanding deliveries after the last publish (default 20)
  --first-user ID         first user id (default 2000001)
  --timeout S             abort everything after S seconds (default 5400)
  --json FILE             also write the raw results as JSON
  --keep                  keep the servers' temporary directories
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

type Kind = 'parley' | 'prosody' | 'ejabberd';
const KINDS = (argv.servers ?? '').split(',').map((s) => choice('servers', s.trim(), ['parley', 'prosody', 'ejabberd'] as const));
const SIZES = (argv.sessions ?? '').split(',').map((s) => intOpt('sessions', s.trim(), 1, 15_000));
const HOLD_S = intOpt('hold', argv.hold, 0, 7200);
const RATE = intOpt('rate', argv.rate, 0, 100_000);
const DURATION = intOpt('duration', argv.duration, 0, 3600);
const WARMUP_S = intOpt('warmup', argv.warmup, 0, 600);
const KILL_PCT = intOpt('kill-pct', argv['kill-pct'], 0, 100);
const WAIT = intOpt('wait', argv.wait, 1, 120);
const INACTIVITY = intOpt('inactivity', argv.inactivity, 5, 600);
const REF_TLS = choice('ref-tls', argv['ref-tls'], ['on', 'off'] as const) === 'on';
const REF_PERSIST = choice('ref-persist-items', argv['ref-persist-items'], ['on', 'off'] as const) === 'on';
const EJABBERD_PASSWORDS = choice('ejabberd-passwords', argv['ejabberd-passwords'], ['scram', 'plain'] as const);
const CONCURRENCY = intOpt('concurrency', argv.concurrency, 1, 5000);
const PIN = choice('pin', argv.pin, ['auto', 'on', 'off'] as const);
const SEED = intOpt('seed', argv.seed, 0, 2 ** 31);
const SETTLE_MS = intOpt('settle', argv.settle, 0, 600) * 1000;
const DRAIN_MS = intOpt('drain', argv.drain, 1, 600) * 1000;
const FIRST = intOpt('first-user', argv['first-user'], 1, 1e12);
const TIMEOUT_S = intOpt('timeout', argv.timeout, 10, 86_400 * 2);
const TOTAL_EVENTS = RATE * DURATION;
/** Read before the generator pins itself (the count follows the affinity mask). */
const CPUS = availableParallelism();

const DOMAIN = 'localhost';
const PUBSUB = `pubsub.${DOMAIN}`;
const USER_PASSWORD = 'agent';
const ADMIN_PASSWORD = 'admin';
const WATCHER_RESOURCE = 'bench-watcher';
const IQ_TIMEOUT_MS = 60_000;
const LOGIN_TIMEOUT_MS = 120_000;
/** A request unanswered this long after `wait` counts as a timeout error. */
const REQUEST_MARGIN_MS = 20_000;

const log = (s: string): void => { process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${s}\n`); };

// ---- stanzas (as in bench/xmpp-tcp.ts) ------------------------------------------------------------

const userNode = (user: number): string => `/finesse/api/User/${user}`;
const STAMP = /bench:(\d+):(\d+\.\d+)/;
const WARM_STAMP = /bwarm:(\d+):(\d+\.\d+)/;
const NODE_ATTR = /\snode=(?:'([^']*)'|"([^"]*)")/;

/** A Finesse User <Update> (about 900 bytes once escaped) whose requestId carries the stamp. */
function updateDocument(user: number, seq: number, stamp: string, prefix = 'bench'): string {
  return '<Update><data><user>'
    + `<dialogs>/finesse/api/User/${user}/Dialogs</dialogs><extension>${user}</extension>`
    + `<firstName>Agent</firstName><lastName>${user}</lastName><loginId>${user}</loginId><loginName>${user}</loginName>`
    + '<mediaType>1</mediaType><pendingState></pendingState><reasonCodeId>-1</reasonCodeId>'
    + '<roles><role>Agent</role></roles><settings><wrapUpOnIncoming>OPTIONAL</wrapUpOnIncoming></settings>'
    + `<state>${seq % 2 ? 'READY' : 'NOT_READY'}</state><stateChangeTime>2026-01-01T00:00:00.000Z</stateChangeTime>`
    + '<teamId>1</teamId><teamName>Team A</teamName><uri>/finesse/api/User/' + user + '</uri>'
    + '</user></data><event>PUT</event>'
    + `<requestId>${prefix}:${seq}:${stamp}</requestId><source>/finesse/api/User/${user}</source></Update>`;
}

const publishIq = (id: string, node: string, update: string): string =>
  `<iq type='set' id='${id}' to='${PUBSUB}'><pubsub xmlns='${NS_PUBSUB}'><publish node='${xmlEscape(node)}'><item>`
  + `<notification xmlns='${NS_PUBSUB}'>${xmlEscape(update)}</notification></item></publish></pubsub></iq>`;

/** The node configuration submitted at creation (reference servers): as Parley's Finesse nodes are configured. */
const NODE_CONFIG: Record<string, string> = {
  'pubsub#max_items': '1',
  'pubsub#persist_items': REF_PERSIST ? '1' : '0',
  'pubsub#notification_type': 'normal',
  'pubsub#send_last_published_item': 'never',
  'pubsub#access_model': 'open',
  // ejabberd notifies retraction when max_items pushes the previous item out (one more message per event);
  // Parley and Prosody do not.
  'pubsub#notify_retract': '0',
};

const createIq = (id: string, node: string): string =>
  `<iq type='set' id='${id}' to='${PUBSUB}'><pubsub xmlns='${NS_PUBSUB}'><create node='${xmlEscape(node)}'/><configure>`
  + `<x xmlns='${NS_DATA_FORMS}' type='submit'><field var='FORM_TYPE' type='hidden'><value>${NS_PUBSUB}#node_config</value></field>`
  + Object.entries(NODE_CONFIG).map(([k, v]) => `<field var='${k}'><value>${v}</value></field>`).join('')
  + '</x></configure></pubsub></iq>';

const isResult = (el: Element): boolean => el.attr('type') === 'result';

// ---- one run -----------------------------------------------------------------------------------------

interface ErrorTally {
  count: number;
  byKind: Record<string, number>;
  first: string[];
}
const tally = (): ErrorTally => ({ count: 0, byKind: {}, first: [] });
function addError(t: ErrorTally, kind: string, message: string): void {
  t.count++;
  t.byKind[kind] = (t.byKind[kind] ?? 0) + 1;
  if (t.first.length < 3) t.first.push(`${kind}: ${message.slice(0, 240)}`);
}
const tallyText = (t: ErrorTally): string => (t.count === 0 ? '0'
  : `${t.count} (${Object.entries(t.byKind).map(([k, v]) => `${k} ${v}`).join(', ')})`);

interface RunResult {
  server: string;
  label: string;
  version: string;
  process: string;
  configText: string;
  listeners: string[];
  bosh: string;
  publisherTls: string;
  pubsubStorage: string;
  pinned: boolean;
  sessionsRequested: number;
  provisionSeconds: number;
  nodeCreateSeconds: number | null;
  // scenario 1
  sessionsLoggedIn: number;
  loginErrors: ErrorTally;
  loginSeconds: number;
  loginRate: number;
  loginLatency: Percentiles;
  serverCpuPerLoginMs: number;
  holdSeconds: number;
  sessionsHeld: number;
  holdErrors: ErrorTally;
  holdRequests: number;
  holdRequestsPerS: number;
  rssBeforeKb: number;
  rssAfterRampKb: number;
  rssAfterHoldKb: number;
  /** VmRSS sampled every 5 s during the hold (GC-managed heaps swing). */
  rssHoldMinKb: number;
  rssHoldMaxKb: number;
  rssPerSessionKb: number;
  idleCpuPct: number;
  idleCpuMsPerMinPer1000: number;
  generatorIdleCpuPct: number;
  // scenario 2
  published: number;
  achievedRate: number;
  publishErrors: number;
  publishAck: Percentiles;
  expected: number;
  delivered: number;
  duplicates: number;
  misrouted: number;
  unstamped: number;
  /** The first message without a stamp, to tell what it was. */
  unstampedSample: string;
  latency: Percentiles;
  latencyTimeline: { second: number; p99: number; max: number }[];
  warmPublished: number;
  warmDelivered: number;
  warmLatency: Percentiles;
  fanoutErrors: ErrorTally;
  drainSeconds: number;
  serverCpuFanoutPct: number;
  cpuPer1000Ms: number;
  generatorCpuFanoutPct: number;
  generatorEldP99Ms: number;
  generatorEldMaxMs: number;
  // scenario 4
  killed: number;
  directedConfirmed: number;
  unavailableSeen: number;
  idleDetection: Percentiles;
  idlePhaseErrors: ErrorTally;
  // whole run
  rssEndKb: number;
  hwmKb: number;
  endpoint: EndpointStats;
  bytesPerEvent: number;
}

async function startServer(kind: Kind, opts: BoshServerOptions): Promise<BoshServerUnderTest> {
  switch (kind) {
    case 'parley': return startParleyBosh(opts);
    case 'prosody': return startProsodyBosh(opts);
    case 'ejabberd': return startEjabberd(opts);
  }
}

async function runOne(kind: Kind, n: number, pinned: boolean): Promise<RunResult> {
  const sopts: BoshServerOptions = {
    domain: DOMAIN, tls: true, pinCpu: pinned ? 1 : undefined,
    firstUser: FIRST, userPassword: USER_PASSWORD, adminPassword: ADMIN_PASSWORD, count: n,
    boshTls: kind === 'parley' ? true : REF_TLS, inactivityS: INACTIVITY, maxWaitS: 60,
    ejabberdPasswordFormat: EJABBERD_PASSWORDS,
  };
  log(`${kind}: starting${pinned ? ' (taskset -c 1)' : ''} for ${fmtInt(n)} sessions`);
  const server = await startServer(kind, sopts);
  const pid = server.pid;
  const sessions: BoshClientSession[] = [];
  let publisher: LoadSession | undefined;
  let watcher: BoshClientSession | undefined;
  let endpoint: BoshEndpoint | undefined;
  try {
    const listeners = assertLoopbackOnly(server.name, server.pids());
    log(`${server.name}: pid ${pid} (${processName(pid)}); listening on ${listeners.join(', ')}; BOSH at ${server.boshUrl}`);
    const tPv = performance.now();
    await server.provision(n);
    const provisionSeconds = (performance.now() - tPv) / 1000;
    log(`${server.name}: ${fmtInt(n)} users provisioned in ${fmt(provisionSeconds)} s`);

    publisher = new LoadSession({ host: '127.0.0.1', port: server.port, domain: DOMAIN, tls: true, ca: server.ca,
      username: 'admin', password: ADMIN_PASSWORD, resource: 'bench-publisher', timeoutMs: 30_000 });
    await publisher.login();
    const pub = publisher;

    let nodeCreateSeconds: number | null = null;
    if (server.createsNodes) {
      const t0 = performance.now();
      const { failures } = await pool(n, 100, async (i) => {
        const reply = await pub.iq((id) => createIq(id, userNode(FIRST + i)), IQ_TIMEOUT_MS);
        if (!isResult(reply)) throw new Error(`create failed: ${reply}`);
      });
      if (failures.length > 0) throw new Error(`${failures.length} node creations failed; first: ${failures[0]!.error}`);
      nodeCreateSeconds = (performance.now() - t0) / 1000;
      log(`${server.name}: admin created ${fmtInt(n)} nodes in ${fmt(nodeCreateSeconds)} s`);
    }

    endpoint = new BoshEndpoint({ url: server.boshUrl, hostName: DOMAIN, ca: server.boshCa, requestTimeoutMs: WAIT * 1000 + REQUEST_MARGIN_MS });
    const ep = endpoint;

    // ---- receivers
    const received = new Uint8Array(TOTAL_EVENTS);
    const targets = new Int32Array(TOTAL_EVENTS).fill(-1);
    const latencies = new Float64Array(TOTAL_EVENTS);
    /** Latency by event sequence number (NaN until delivered), for the per-second timeline. */
    const latencyBySeq = new Float64Array(TOTAL_EVENTS).fill(NaN);
    let delivered = 0;
    let duplicates = 0;
    let misrouted = 0;
    let unstamped = 0;
    let unstampedSample = '';
    const warmLatencies = new Float64Array(RATE * WARMUP_S);
    let warmDelivered = 0;
    const onStanza = (index: number, xml: string, now: number): void => {
      if (localName(xml) !== 'message') return;
      const m = STAMP.exec(xml);
      if (!m) {
        const w = WARM_STAMP.exec(xml);
        if (w && Number(w[1]) < warmLatencies.length) warmLatencies[warmDelivered++] = now - Number(w[2]);
        else if (unstamped++ === 0) unstampedSample = xml.slice(0, 400);
        return;
      }
      const seq = Number(m[1]);
      const nm = NODE_ATTR.exec(xml);
      if (seq >= TOTAL_EVENTS || targets[seq] !== index || (nm?.[1] ?? nm?.[2]) !== userNode(FIRST + index)) {
        misrouted++;
        return;
      }
      if (received[seq]!++ > 0) {
        duplicates++;
        return;
      }
      latencyBySeq[seq] = latencies[delivered++] = now - Number(m[2]);
    };

    // Errors after login, by phase.
    let phase: 'hold' | 'fanout' | 'idle' = 'hold';
    const holdErrors = tally();
    const fanoutErrors = tally();
    const idlePhaseErrors = tally();
    const onError = (e: BoshError): void => addError(phase === 'hold' ? holdErrors : phase === 'fanout' ? fanoutErrors : idlePhaseErrors, e.kind, e.message);

    // ---- scenario 1: ramp
    await sleep(SETTLE_MS);
    const memBefore = readMemoryKb(pid);
    const loginErrors = tally();
    const loginLat = new Float64Array(n);
    let loginCount = 0;
    const cpuL0 = readCpuMs(pid);
    const tL0 = performance.now();
    let lastReport = tL0;
    log(`${server.name}: RSS ${mb(memBefore.rssKb)} MB before logins; logging in ${fmtInt(n)} BOSH sessions (wait ${WAIT}, hold 1), ${CONCURRENCY} at a time`);
    await pool(n, CONCURRENCY, async (i) => {
      const s = new BoshClientSession(ep, {
        domain: DOMAIN, username: String(FIRST + i), password: USER_PASSWORD, resource: 'bench', wait: WAIT, hold: 1,
        timeoutMs: LOGIN_TIMEOUT_MS, subscribeNode: userNode(FIRST + i), pubsubService: PUBSUB,
      });
      sessions[i] = s;
      s.onStanza = (xml, now) => onStanza(i, xml, now);
      s.onError = onError;
      const t = performance.now();
      try {
        await s.login();
      } catch (e) {
        const err = e as BoshError;
        addError(loginErrors, err.kind ?? 'protocol', err.message);
        return;
      }
      loginLat[loginCount++] = performance.now() - t;
      if (performance.now() - lastReport > 5000) {
        lastReport = performance.now();
        log(`${server.name}: ${fmtInt(loginCount)} sessions logged in (${ep.stats.socketsCreated} sockets opened)`);
      }
    });
    const tL1 = performance.now();
    const cpuL1 = readCpuMs(pid);
    const loginSeconds = (tL1 - tL0) / 1000;
    const aliveCount = (): number => sessions.reduce((k, s) => k + (s?.isAlive && s.jid ? 1 : 0), 0);
    log(`${server.name}: ${fmtInt(loginCount)}/${fmtInt(n)} logged in in ${fmt(loginSeconds)} s (${fmt(loginCount / loginSeconds)}/s)`
      + `${loginErrors.count ? `; ${loginErrors.count} FAILED: ${loginErrors.first.join(' | ')}` : ''}`);
    if (loginCount === 0) throw new Error('no session logged in');
    await sleep(SETTLE_MS);
    const memAfterRamp = readMemoryKb(pid);

    // ---- scenario 1: hold
    const reqH0 = ep.stats.requests;
    const cpuH0 = readCpuMs(pid);
    const genH0 = ownCpuMs();
    const tH0 = performance.now();
    log(`${server.name}: RSS ${mb(memAfterRamp.rssKb)} MB after logins; holding ${fmtInt(aliveCount())} idle sessions for ${HOLD_S} s`);
    let rssHoldMinKb = memAfterRamp.rssKb;
    let rssHoldMaxKb = memAfterRamp.rssKb;
    let nextLog = tH0 + 15_000;
    while (performance.now() - tH0 < HOLD_S * 1000) {
      await sleep(Math.min(5000, HOLD_S * 1000 - (performance.now() - tH0)));
      const rssKb = readMemoryKb(pid).rssKb;
      rssHoldMinKb = Math.min(rssHoldMinKb, rssKb);
      rssHoldMaxKb = Math.max(rssHoldMaxKb, rssKb);
      if (performance.now() < nextLog && performance.now() - tH0 < HOLD_S * 1000) continue;
      nextLog += 15_000;
      const cpuPct = ((readCpuMs(pid) - cpuH0) / (performance.now() - tH0)) * 100;
      log(`${server.name}: hold ${fmt((performance.now() - tH0) / 1000, 0)} s: ${fmtInt(aliveCount())} alive, ${holdErrors.count} errors, `
        + `RSS ${mb(rssKb)} MB, server CPU ${fmt(cpuPct, 2)} %, ${fmtInt(ep.stats.requests - reqH0)} requests`);
    }
    const tH1 = performance.now();
    const holdMs = Math.max(1, tH1 - tH0);
    const cpuH1 = readCpuMs(pid);
    const genH1 = ownCpuMs();
    const holdRequests = ep.stats.requests - reqH0;
    const memAfterHold = readMemoryKb(pid);
    const sessionsHeld = aliveCount();
    const idleCpuPct = ((cpuH1 - cpuH0) / holdMs) * 100;
    log(`${server.name}: after ${fmt(holdMs / 1000, 0)} s: ${fmtInt(sessionsHeld)} of ${fmtInt(n)} sessions held, ${holdErrors.count} errors; `
      + `RSS ${mb(memAfterHold.rssKb)} MB (${fmt((memAfterHold.rssKb - memBefore.rssKb) / Math.max(1, sessionsHeld), 1)} KiB/session); idle CPU ${fmt(idleCpuPct, 2)} %`);

    // ---- scenario 2: fan-out
    phase = 'fanout';
    const alive: number[] = [];
    for (let i = 0; i < n; i++) if (sessions[i]?.isAlive && sessions[i]!.jid) alive.push(i);
    /** Publishes `count` events at RATE per second to random alive sessions; resolves after the last one. */
    const publishAtRate = (count: number, publishOne: (seq: number) => void): Promise<number> => new Promise((resolve) => {
      const t0 = performance.now();
      let n = 0;
      const tickMs = Math.max(1, Math.min(10, Math.floor(1000 / Math.max(1, RATE))));
      const tick = (): void => {
        const due = Math.min(count, Math.floor(((performance.now() - t0) * RATE) / 1000) + 1);
        while (n < due) publishOne(n++);
        if (n >= count) resolve(t0);
        else setTimeout(tick, tickMs);
      };
      tick();
    });
    const sendPublish = (user: number, update: string, onAck: (ok: boolean, reply: Element) => void): void => {
      pub.sendIq((id) => publishIq(id, userNode(user), update), (reply) => onAck(isResult(reply), reply));
    };

    // Warm-up: the same publishing, unmeasured, so that no server is measured on its first events
    // (JIT compilation, caches, first use of each node).
    let warmPublished = 0;
    let warmAcked = 0;
    if (WARMUP_S > 0 && RATE > 0 && alive.length > 0) {
      const warmRandom = prng(SEED + 2);
      log(`${server.name}: warm-up: ${fmtInt(RATE * WARMUP_S)} events at ${RATE}/s for ${WARMUP_S} s (not measured)`);
      await publishAtRate(RATE * WARMUP_S, (seq) => {
        const user = FIRST + alive[Math.floor(warmRandom() * alive.length)]!;
        warmPublished++;
        sendPublish(user, updateDocument(user, seq, performance.now().toFixed(3), 'bwarm'), (ok) => { if (ok) warmAcked++; });
      });
      const deadline = performance.now() + DRAIN_MS;
      while ((warmDelivered < warmPublished || warmAcked < warmPublished) && performance.now() < deadline && pub.isAlive) await sleep(20);
      log(`${server.name}: warm-up: ${fmtInt(warmDelivered)}/${fmtInt(warmPublished)} delivered, p99/max ${fmt(percentiles(warmLatencies, warmDelivered).p99, 1)}/${fmt(percentiles(warmLatencies, warmDelivered).max, 1)} ms`);
      await sleep(2000);
    }

    const random = prng(SEED);
    const ackLat = new Float64Array(TOTAL_EVENTS);
    let acked = 0;
    let publishErrors = 0;
    let firstPublishError = '';
    let sent = 0;
    const bytesIn0 = ep.stats.bytesIn;
    const eld = monitorEventLoopDelay({ resolution: 1 });
    const cpuP0 = readCpuMs(pid);
    const genP0 = ownCpuMs();
    let tP0 = performance.now();
    let tP1 = tP0;
    let tD = tP0;
    if (TOTAL_EVENTS > 0 && alive.length > 0) {
      log(`${server.name}: publishing ${fmtInt(TOTAL_EVENTS)} events at ${RATE}/s for ${DURATION} s to ${fmtInt(alive.length)} sessions`);
      eld.enable();
      tP0 = await publishAtRate(TOTAL_EVENTS, (seq) => {
        const index = alive[Math.floor(random() * alive.length)]!;
        targets[seq] = index;
        const user = FIRST + index;
        const t = performance.now();
        sent++;
        sendPublish(user, updateDocument(user, seq, t.toFixed(3)), (ok, reply) => {
          if (ok) {
            ackLat[acked++] = performance.now() - t;
          } else {
            publishErrors++;
            firstPublishError ||= String(reply);
          }
        });
      });
      tP1 = performance.now();
      const drainDeadline = tP1 + DRAIN_MS;
      while ((delivered < TOTAL_EVENTS || acked + publishErrors < TOTAL_EVENTS) && performance.now() < drainDeadline && pub.isAlive) {
        await sleep(20);
      }
      tD = performance.now();
      eld.disable();
    }
    const cpuP1 = readCpuMs(pid);
    const genP1 = ownCpuMs();
    const fanoutMs = Math.max(1, tD - tP0);
    // Per publishing second: p99 and max of the events published in that second (to see when spikes happen).
    const timeline: { second: number; p99: number; max: number }[] = [];
    for (let sec = 0; sec * RATE < sent; sec++) {
      const slice = latencyBySeq.subarray(sec * RATE, Math.min(sent, (sec + 1) * RATE)).filter((x) => !Number.isNaN(x));
      const p = percentiles(slice);
      timeline.push({ second: sec, p99: p.p99, max: p.max });
    }
    if (timeline.length > 0) log(`${server.name}: latency p99/max by publishing second (ms): ${timeline.map((t) => `${fmt(t.p99, 0)}/${fmt(t.max, 0)}`).join(' ')}`);
    log(`${server.name}: ${fmtInt(delivered)}/${fmtInt(TOTAL_EVENTS)} delivered; drain ${fmt((tD - tP1) / 1000, 2)} s`
      + `${publishErrors ? `; ${publishErrors} publish errors, first: ${firstPublishError}` : ''}`
      + `${fanoutErrors.count ? `; ${fanoutErrors.count} session errors: ${fanoutErrors.first.join(' | ')}` : ''}`);

    // ---- scenario 4: idle detection
    phase = 'idle';
    let killed = 0;
    let directedConfirmed = 0;
    const detection = new Float64Array(Math.max(1, n));
    let unavailableSeen = 0;
    if (KILL_PCT > 0) {
      const candidates: number[] = [];
      for (let i = 0; i < n; i++) if (sessions[i]?.isAlive && sessions[i]!.jid) candidates.push(i);
      const k = Math.min(candidates.length, Math.max(1, Math.round((candidates.length * KILL_PCT) / 100)));
      const pick = prng(SEED + 1);
      for (let j = candidates.length - 1; j > 0; j--) {
        const r = Math.floor(pick() * (j + 1));
        [candidates[j], candidates[r]] = [candidates[r]!, candidates[j]!];
      }
      const victims = candidates.slice(0, k).map((i) => sessions[i]!);
      const victimJids = new Set(victims.map((s) => s.jid));
      const available = new Set<string>();
      const unavailableAt = new Map<string, number>();
      let killTime = Infinity;
      watcher = new BoshClientSession(ep, { domain: DOMAIN, username: 'admin', password: ADMIN_PASSWORD, resource: WATCHER_RESOURCE,
        wait: WAIT, hold: 1, timeoutMs: LOGIN_TIMEOUT_MS });
      watcher.onStanza = (xml, now) => {
        if (localName(xml) !== 'presence') return;
        const from = startTagAttr(xml, 'from') ?? '';
        if (!victimJids.has(from)) return;
        if (startTagAttr(xml, 'type') === 'unavailable') {
          if (now >= killTime && !unavailableAt.has(from)) unavailableAt.set(from, now - killTime);
        } else {
          available.add(from);
        }
      };
      await watcher.login();
      const watcherJid = watcher.jid;
      log(`${server.name}: idle detection: ${k} sessions send directed presence to ${watcherJid}, then die abruptly`);
      for (const s of victims) s.send(`<presence to='${xmlEscape(watcherJid)}' xmlns='jabber:client'/>`);
      const confirmDeadline = performance.now() + 30_000;
      while (available.size < k && performance.now() < confirmDeadline) await sleep(50);
      directedConfirmed = available.size;
      await sleep(1000); // let the directed-presence requests be answered and the long polls re-sent
      killTime = performance.now();
      for (const s of victims) s.kill();
      killed = k;
      const deadline = killTime + (INACTIVITY + WAIT + 30) * 1000;
      let lastLog = killTime;
      while (unavailableAt.size < k && performance.now() < deadline && watcher.isAlive) {
        await sleep(200);
        if (performance.now() - lastLog > 15_000) {
          lastLog = performance.now();
          log(`${server.name}: ${fmt((performance.now() - killTime) / 1000, 0)} s after the kill: ${unavailableAt.size}/${k} unavailable seen`);
        }
      }
      for (const v of unavailableAt.values()) detection[unavailableSeen++] = v / 1000;
      log(`${server.name}: ${unavailableSeen}/${k} unavailable presences seen (${directedConfirmed} directed presences confirmed)`
        + `${watcher.isAlive ? '' : `; WATCHER FAILED: ${watcher.error?.message}`}`);
    }

    const memEnd = readMemoryKb(pid);
    const result: RunResult = {
      server: server.name,
      label: `${server.name} ${fmtInt(n)}`,
      version: server.version,
      process: `${processName(pid)} (pid ${pid})`,
      configText: server.configText,
      listeners,
      bosh: `${server.boshUrl.startsWith('https') ? `HTTPS, ${ep.tlsFacts ?? '?'}` : 'plain HTTP'}`,
      publisherTls: publisher.tlsFacts ? `STARTTLS, ${publisher.tlsFacts.protocol}` : '?',
      pubsubStorage: server.pubsubStorage,
      pinned,
      sessionsRequested: n,
      provisionSeconds,
      nodeCreateSeconds,
      sessionsLoggedIn: loginCount,
      loginErrors,
      loginSeconds,
      loginRate: loginCount / loginSeconds,
      loginLatency: percentiles(loginLat, loginCount),
      serverCpuPerLoginMs: (cpuL1 - cpuL0) / Math.max(1, loginCount),
      holdSeconds: holdMs / 1000,
      sessionsHeld,
      holdErrors,
      holdRequests,
      holdRequestsPerS: holdRequests / (holdMs / 1000),
      rssBeforeKb: memBefore.rssKb,
      rssAfterRampKb: memAfterRamp.rssKb,
      rssAfterHoldKb: memAfterHold.rssKb,
      rssHoldMinKb: Math.min(rssHoldMinKb, memAfterHold.rssKb),
      rssHoldMaxKb: Math.max(rssHoldMaxKb, memAfterHold.rssKb),
      rssPerSessionKb: (memAfterHold.rssKb - memBefore.rssKb) / Math.max(1, sessionsHeld),
      idleCpuPct,
      idleCpuMsPerMinPer1000: ((cpuH1 - cpuH0) / (holdMs / 60_000)) / Math.max(0.001, sessionsHeld / 1000),
      generatorIdleCpuPct: ((genH1 - genH0) / holdMs) * 100,
      published: sent,
      achievedRate: sent / Math.max(0.001, (tP1 - tP0) / 1000),
      publishErrors,
      publishAck: percentiles(ackLat, acked),
      expected: TOTAL_EVENTS,
      delivered,
      duplicates,
      misrouted,
      unstamped,
      unstampedSample,
      latency: percentiles(latencies, delivered),
      latencyTimeline: timeline,
      warmPublished,
      warmDelivered,
      warmLatency: percentiles(warmLatencies, warmDelivered),
      fanoutErrors,
      drainSeconds: (tD - tP1) / 1000,
      serverCpuFanoutPct: ((cpuP1 - cpuP0) / fanoutMs) * 100,
      cpuPer1000Ms: (cpuP1 - cpuP0) / Math.max(0.001, delivered / 1000),
      generatorCpuFanoutPct: ((genP1 - genP0) / fanoutMs) * 100,
      generatorEldP99Ms: Math.max(0, eld.percentile(99) / 1e6 - 1),
      generatorEldMaxMs: Math.max(0, eld.max / 1e6 - 1),
      killed,
      directedConfirmed,
      unavailableSeen,
      idleDetection: percentiles(detection, unavailableSeen),
      idlePhaseErrors,
      rssEndKb: memEnd.rssKb,
      hwmKb: memEnd.hwmKb,
      endpoint: { ...ep.stats },
      bytesPerEvent: delivered > 0 ? (ep.stats.bytesIn - bytesIn0) / delivered : NaN,
    };
    return result;
  } catch (e) {
    log(`${server.name}: FAILED: ${e instanceof Error ? e.message : String(e)}\n--- server log tail ---\n${server.logTail()}`);
    throw e;
  } finally {
    publisher?.destroy();
    watcher?.kill();
    for (const s of sessions) s?.kill();
    endpoint?.close();
    const { graceful } = await server.stop();
    log(`${server.name}: ${graceful ? 'stopped' : 'did not exit cleanly within the grace period; killed'}`);
  }
}

// ---- report ------------------------------------------------------------------------------------------

function report(results: RunResult[], pinned: boolean, started: Date): string {
  const col = (f: (r: RunResult) => string): string => results.map(f).join(' | ');
  const row = (label: string, f: (r: RunResult) => string): string => `| ${label} | ${col(f)} |`;
  const ms = (x: number): string => fmt(x, x < 10 ? 2 : 1);
  const pct = (p: Percentiles): string => (p.count === 0 ? 'n/a' : `${ms(p.p50)} / ${ms(p.p90)} / ${ms(p.p99)} / ${ms(p.max)}`);
  const sec = (p: Percentiles): string => (p.count === 0 ? 'n/a' : `${fmt(p.p50)} / ${fmt(p.p99)} / ${fmt(p.max)}`);
  const lines: string[] = [];
  lines.push(`## XMPP over BOSH: ${SIZES.map(fmtInt).join(', ')} sessions (wait ${WAIT}, hold 1), held ${HOLD_S} s; `
    + `fan-out ${RATE} events/s for ${DURATION} s (after ${WARMUP_S} s of warm-up); ${KILL_PCT} % killed for idle detection`, '');
  lines.push(`Run ${started.toISOString()} on ${process.platform} ${process.arch}, ${CPUS} CPU(s); `
    + `load generator Node ${process.version}${pinned ? ' pinned to CPU 0, server pinned to CPU 1 (taskset)' : ', no CPU pinning'}; `
    + 'all traffic on 127.0.0.1; one load-generator process for all sessions.', '');
  lines.push(`Command: \`${['node --import tsx bench/bosh.ts', ...process.argv.slice(2)].join(' ')}\``, '');
  lines.push(`| metric | ${col((r) => r.label)} |`, `|---|${results.map(() => '---').join('|')}|`);
  lines.push(row('server', (r) => r.version));
  lines.push(row('process measured', (r) => r.process));
  lines.push(row('BOSH transport', (r) => r.bosh));
  lines.push(row('pubsub storage', (r) => r.pubsubStorage));
  lines.push(row('provisioning users / creating nodes (s)', (r) => `${fmt(r.provisionSeconds)} / ${r.nodeCreateSeconds === null ? '— (Finesse nodes exist)' : fmt(r.nodeCreateSeconds)}`));
  lines.push(row('**sessions logged in / requested**', (r) => `${fmtInt(r.sessionsLoggedIn)} / ${fmtInt(r.sessionsRequested)}`));
  lines.push(row(`login rate (${CONCURRENCY} in flight)`, (r) => `${fmt(r.loginRate, 0)} /s (${fmt(r.loginSeconds)} s)`));
  lines.push(row('login latency p50 / p90 / p99 / max (ms)', (r) => pct(r.loginLatency)));
  lines.push(row('server CPU per login (ms)', (r) => ms(r.serverCpuPerLoginMs)));
  lines.push(row('login errors', (r) => tallyText(r.loginErrors)));
  lines.push(row(`**sessions held at the end of the hold** (${HOLD_S} s)`, (r) => `**${fmtInt(r.sessionsHeld)}**`));
  lines.push(row('**errors while held**', (r) => `**${tallyText(r.holdErrors)}**`));
  lines.push(row('requests while held (per s)', (r) => `${fmtInt(r.holdRequests)} (${fmt(r.holdRequestsPerS)})`));
  lines.push(row('RSS before logins / after logins / after hold (MB)', (r) => `${mb(r.rssBeforeKb)} / ${mb(r.rssAfterRampKb)} / ${mb(r.rssAfterHoldKb)}`));
  lines.push(row('RSS during the hold, min / max of 5-s samples (MB)', (r) => `${mb(r.rssHoldMinKb)} / ${mb(r.rssHoldMaxKb)}`));
  lines.push(row('**RSS per held session (KiB)**', (r) => `**${fmt(r.rssPerSessionKb)}**`));
  lines.push(row('RSS per held session from the min / max sample (KiB)', (r) => `${fmt((r.rssHoldMinKb - r.rssBeforeKb) / Math.max(1, r.sessionsHeld))} / ${fmt((r.rssHoldMaxKb - r.rssBeforeKb) / Math.max(1, r.sessionsHeld))}`));
  lines.push(row('**server CPU while idle (% of a core)**', (r) => `**${fmt(r.idleCpuPct, 2)}**`));
  lines.push(row('server CPU while idle per 1,000 sessions (ms per minute)', (r) => fmt(r.idleCpuMsPerMinPer1000, 0)));
  lines.push(row(`warm-up (${WARMUP_S} s, not in the figures below): delivered, p99 / max (ms)`, (r) => (r.warmPublished
    ? `${fmtInt(r.warmDelivered)} / ${fmtInt(r.warmPublished)}, ${ms(r.warmLatency.p99)} / ${ms(r.warmLatency.max)}` : 'none')));
  lines.push(row('events published (achieved rate)', (r) => `${fmtInt(r.published)} (${fmt(r.achievedRate)}/s)`));
  lines.push(row('**delivered / expected**', (r) => {
    const ok = r.delivered === r.expected && r.duplicates === 0 && r.misrouted === 0;
    return `${ok ? '' : '**'}${fmtInt(r.delivered)} / ${fmtInt(r.expected)}${r.expected ? ` (${fmt((100 * r.delivered) / r.expected, 2)} %)` : ''}${ok ? '' : ' INCOMPLETE**'}`;
  }));
  lines.push(row('duplicates / misrouted / unstamped', (r) => `${r.duplicates} / ${r.misrouted} / ${r.unstamped}`));
  lines.push(row('**publish→delivery p50 / p90 / p99 / max (ms)**', (r) => `**${pct(r.latency)}**`));
  lines.push(row('publish ack p50 / p90 / p99 / max (ms)', (r) => pct(r.publishAck)));
  lines.push(row('publish errors / session errors during fan-out', (r) => `${r.publishErrors} / ${tallyText(r.fanoutErrors)}`));
  lines.push(row('server CPU during fan-out (% of a core)', (r) => fmt(r.serverCpuFanoutPct)));
  lines.push(row('server CPU per 1,000 delivered events (ms)', (r) => fmt(r.cpuPer1000Ms)));
  lines.push(row('bytes received per event (HTTP bodies)', (r) => fmtInt(r.bytesPerEvent)));
  lines.push(row('idle detection: killed / directed presence confirmed / unavailable seen', (r) => (r.killed ? `${r.killed} / ${r.directedConfirmed} / ${r.unavailableSeen}` : 'skipped')));
  lines.push(row(`idle detection: kill→unavailable p50 / p99 / max (s) (inactivity ${INACTIVITY})`, (r) => (r.killed ? sec(r.idleDetection) : 'skipped')));
  lines.push(row('other session errors during idle detection', (r) => (r.killed ? tallyText(r.idlePhaseErrors) : 'skipped')));
  lines.push(row('RSS at the end / peak (MB)', (r) => `${mb(r.rssEndKb)} / ${mb(r.hwmKb)}`));
  lines.push(row('HTTP requests / sockets opened / network retries (reused, fresh)', (r) => `${fmtInt(r.endpoint.requests)} / ${fmtInt(r.endpoint.socketsCreated)} / ${r.endpoint.retriesReused}, ${r.endpoint.retriesFresh}`));
  lines.push(row('generator CPU: idle hold / fan-out (% of a core)', (r) => `${fmt(r.generatorIdleCpuPct)} / ${fmt(r.generatorCpuFanoutPct)}`));
  lines.push(row('generator event-loop lag during fan-out p99 / max (ms)', (r) => `${fmt(r.generatorEldP99Ms)} / ${fmt(r.generatorEldMaxMs)}`));
  lines.push('');
  for (const r of results) {
    const problems: string[] = [];
    if (r.sessionsLoggedIn < r.sessionsRequested) problems.push(`${r.sessionsRequested - r.sessionsLoggedIn} logins failed (${r.loginErrors.first.join('; ')})`);
    if (r.holdErrors.count) problems.push(`${r.holdErrors.count} errors while held (${r.holdErrors.first.join('; ')})`);
    if (r.delivered !== r.expected) problems.push(`delivered ${r.delivered} of ${r.expected} events`);
    if (r.duplicates || r.misrouted) problems.push(`${r.duplicates} duplicates, ${r.misrouted} misrouted`);
    if (r.unstamped) problems.push(`${r.unstamped} messages without a stamp, the first: \`${r.unstampedSample}\``);
    if (r.publishErrors) problems.push(`${r.publishErrors} publish errors`);
    if (r.fanoutErrors.count) problems.push(`${r.fanoutErrors.count} session errors during fan-out (${r.fanoutErrors.first.join('; ')})`);
    if (r.killed && r.unavailableSeen < r.killed) problems.push(`unavailable presence seen for ${r.unavailableSeen} of ${r.killed} killed sessions`);
    if (problems.length) lines.push(`> **${r.label}: ${problems.join('; ')}.**`, '');
  }
  lines.push('Definitions: a session is *held* when it logged in and none of its requests failed (HTTP status ≠ 200, '
    + '`terminate` body, no answer within wait + 20 s, or a network error that persisted after 3 retries with the same rid); '
    + 'RSS per held session = (VmRSS after the hold − VmRSS before the logins) ÷ sessions held; idle CPU = Δ(utime+stime) of the '
    + 'server process over the hold ÷ its duration; latency = arrival of the HTTP response carrying the event − stamp taken just '
    + 'before the publish IQ was written (same process, same clock); idle detection = arrival at the watcher of the unavailable '
    + 'presence (sent to directed-presence recipients when the session ends) − the moment the session\'s open requests were aborted.', '');
  const shown = new Set<string>();
  for (const r of results) {
    if (shown.has(r.server)) continue;
    shown.add(r.server);
    lines.push(`### ${r.server} configuration`, '', '```', r.configText, `listening: ${r.listeners.map((l) => l.replace(/:\d+$/, ':PORT')).join(', ')}`, '```', '');
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
  const results: RunResult[] = [];
  for (const n of SIZES) {
    for (const kind of KINDS) {
      results.push(await runOne(kind, n, pinned));
      await sleep(2000);
    }
  }
  const md = report(results, pinned, started);
  process.stdout.write(`${md}\n`);
  if (argv.json) writeFileSync(argv.json, JSON.stringify({ started, argv: process.argv.slice(2), results }, null, 2));
  const bad = results.filter((r) => r.sessionsHeld !== r.sessionsRequested || r.delivered !== r.expected || r.holdErrors.count > 0);
  if (bad.length > 0) {
    process.stderr.write(`\n!!! NOT CLEAN: ${bad.map((r) => `${r.label}: held ${r.sessionsHeld}/${r.sessionsRequested}, delivered ${r.delivered}/${r.expected}`).join('; ')} !!!\n`);
    process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  log(`benchmark failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  process.exit(1);
});
