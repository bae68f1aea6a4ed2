// CTI (GED-188) throughput and latency, in one process (one clock for both ends):
//  1. codec: messages per second through encodeMessage + CtiFrameParser + decodeMessage, per message type;
//  2. live session: HEARTBEAT_REQ/CONF round trips per second over a real mutual-TLS connection to the
//     embedded CTI server (pipelined, --window requests in flight);
//  3. call storm: the ACD simulator with --agents agents (logged in, READY) and a Poisson arrival of
//     --rate calls/s for --duration s (auto-answer after 1 s, exponential handle time, wrap-up 2 s),
//     served by the ACD bridge to one ALL_EVENTS client over mutual TLS. Latency is from the ACD event
//     (a subscriber registered before the bridge stamps it) to the decoded message at the client.
//
//   node --import tsx bench/cti.ts [--agents 2000] [--rate 50] [--duration 60] [--handle 20] [--quick]
//        [--codec-iterations 100000] [--link-seconds 5] [--window 100] [--json FILE]
//
// Progress goes to stderr; the Markdown report to stdout. See bench/README.md.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { CTI_AGENT_STATE, createAcd, runScenario, seededRandom, type AcdEvent } from '../src/cti/acd/index.js';
import {
  CtiFrameParser, ServiceMask, decodeMessage, encodeMessage, type CtiMessage,
} from '../src/cti/codec/index.js';
import { createAcdBridge } from '../src/cti/server/acd-bridge.js';
import { createCtiListener } from '../src/cti/server/cti-listener.js';
import { createCertStore } from '../src/pki/cert-store.js';
import { ensurePki } from '../src/pki/first-start.js';
import { systemClock } from '../src/shared/clock.js';
import { silentLogger } from '../src/shared/logger.js';
import { connectCtiClient } from '../test/helpers/cti-test-client.js';
import { fmt, fmtInt, percentiles, sleep, type Percentiles } from './lib/stats.js';

const { values: argv } = parseArgs({
  options: {
    agents: { type: 'string', default: '2000' },
    rate: { type: 'string', default: '50' },
    duration: { type: 'string', default: '60' },
    handle: { type: 'string', default: '20' },
    quick: { type: 'boolean', default: false },
    'codec-iterations': { type: 'string', default: '100000' },
    'link-seconds': { type: 'string', default: '5' },
    window: { type: 'string', default: '100' },
    json: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (argv.help) {
  process.stdout.write('node --import tsx bench/cti.ts [--agents 2000] [--rate 50] [--duration 60] [--handle 20] [--quick]\n' +
    '     [--codec-iterations 100000] [--link-seconds 5] [--window 100] [--json FILE]\n');
  process.exit(0);
}
const AGENTS = Number(argv.agents);
const RATE = Number(argv.rate);
const DURATION = argv.quick ? 10 : Number(argv.duration);
const HANDLE = Number(argv.handle);
const CODEC_N = argv.quick ? 20_000 : Number(argv['codec-iterations']);
const LINK_S = argv.quick ? 2 : Number(argv['link-seconds']);
const WINDOW = Number(argv.window);
const progress = (s: string): void => { process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`); };

// ---- 1. codec ----------------------------------------------------------------------------------------

const head = { monitorId: 0, peripheralId: 5000, peripheralType: 17, connectionDeviceIdType: 0, connectionCallId: 4242 };
const CODEC_MIX: CtiMessage[] = [
  { type: 'HEARTBEAT_REQ', invokeId: 7 },
  {
    type: 'SET_AGENT_STATE_REQ', invokeId: 9, peripheralId: 5000, agentState: 3, agentWorkMode: 0, eventReasonCode: 0, forcedFlag: 0,
    agentServiceReq: 0, agentInstrument: '2001001', agentId: '2001001',
  },
  {
    type: 'AGENT_STATE_EVENT', ...head, sessionId: 0, skillGroupState: 3, stateDuration: 0, skillGroupNumber: 0xffffffff,
    skillGroupId: 0xffffffff, skillGroupPriority: 0, agentState: 3, eventReasonCode: 0, mrdId: 1, numTasks: 0, agentMode: 1,
    maxTaskLimit: 1, icmAgentId: 2001001, agentAvailabilityStatus: 1, departmentId: 0, agentId: '2001001', agentExtension: '2001001',
    agentInstrument: '2001001', agentIdLong: '2001001', skillGroups: [{ number: 1, id: 1, priority: 0, state: 3 }, { number: 2, id: 2, priority: 0, state: 3 }],
  },
  {
    type: 'CALL_DELIVERED_EVENT', ...head, lineHandle: 0, lineType: 0, serviceNumber: 0xffffffff, serviceId: 0xffffffff,
    skillGroupNumber: 1, skillGroupId: 1, skillGroupPriority: 0, alertingDeviceType: 0, callingDeviceType: 75, calledDeviceType: 75,
    lastRedirectDeviceType: 0xffff, localConnectionState: 2, eventCause: 0xffff, connectionDeviceId: '2001001', alertingDeviceId: '2001001',
    callingDeviceId: '6125551234', calledDeviceId: '8005550100', ani: '6125551234', dnis: '8005550100', callVariable1: 'acct=42',
    callVariable2: 'gold', namedVariables: [{ name: 'user.cust.id', value: '42' }],
  },
  {
    type: 'BEGIN_CALL_EVENT', monitorId: 0, peripheralId: 5000, peripheralType: 17, callType: 1, connectionDeviceIdType: 0,
    connectionCallId: 4242, calledPartyDisposition: 0, connectionDeviceId: '6125551234', ani: '6125551234', dnis: '8005550100',
    dialedNumber: '8005550100', callVariable1: 'acct=42',
  },
  { type: 'CALL_CLEARED_EVENT', ...head, localConnectionState: 0, eventCause: 0xffff, connectionDeviceId: '2001001' },
];

function benchCodec(): { type: string; perS: number; bytes: number }[] {
  const rows: { type: string; perS: number; bytes: number }[] = [];
  for (const msg of [...CODEC_MIX, null]) {
    const mix = msg === null ? CODEC_MIX : [msg];
    let decoded = 0;
    const parser = new CtiFrameParser((e) => { if (e.kind === 'frame' && decodeMessage(e.frame).ok) decoded++; });
    for (let i = 0; i < 2000; i++) parser.push(encodeMessage(mix[i % mix.length]!)); // warm-up
    decoded = 0;
    const t0 = performance.now();
    for (let i = 0; i < CODEC_N; i++) parser.push(encodeMessage(mix[i % mix.length]!));
    const ms = performance.now() - t0;
    if (decoded !== CODEC_N) throw new Error(`codec: decoded ${decoded}/${CODEC_N}`);
    const bytes = mix.reduce((s, m) => s + encodeMessage(m).length, 0) / mix.length;
    rows.push({ type: msg === null ? 'mix of the above' : msg.type, perS: (CODEC_N / ms) * 1000, bytes });
  }
  return rows;
}

// ---- 2 and 3: the embedded CTI server over mutual TLS ----------------------------------------------------

interface StormResult {
  offered: number; answered: number; completed: number; events: number; eventsPerS: number;
  latency: Percentiles; byType: Record<string, Percentiles>; unmatched: number; cpuPct: number; lagP99Ms: number;
}

async function main(): Promise<void> {
  const report: string[] = [];
  const out = (s = ''): void => { report.push(s); };
  out(`## bench/cti — ${new Date().toISOString()}`);
  out();
  out(`Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}); one process (server and client share the event loop).`);
  out();

  progress(`codec: ${CODEC_N} messages per row`);
  const codec = benchCodec();
  out('### Codec: encodeMessage + CtiFrameParser + decodeMessage');
  out();
  out('| message | bytes | messages/s |');
  out('|---|---|---|');
  for (const r of codec) out(`| ${r.type} | ${fmt(r.bytes, 0)} | ${fmtInt(r.perS)} |`);
  out();

  const data = mkdtempSync(join(tmpdir(), 'parley-bench-cti-'));
  try {
    progress('PKI (local CA, cti-server and cti-client identities)');
    const pki = await ensurePki({ dataDir: data, fqdn: 'localhost' });
    const certs = createCertStore(pki);
    const agents = Array.from({ length: AGENTS }, (_, i) => ({
      id: String(2_001_001 + i), extension: String(2_001_001 + i), queueIds: [i % 2 === 0 ? '1' : '2'],
    }));
    const acd = createAcd({
      clock: systemClock, random: seededRandom(1), agents, queues: [{ id: '1', name: 'Sales' }, { id: '2', name: 'Support' }],
      options: { queueStatsEvents: false },
    });
    // Registered before the bridge: stamps each event just before the bridge encodes it.
    const stamps = new Map<string, number>();
    const keyOf = (e: AcdEvent): string | undefined => {
      switch (e.kind) {
        case 'call-begun': return `BEGIN_CALL_EVENT:${e.call.callId}`;
        case 'call-delivered': return `CALL_DELIVERED_EVENT:${e.callId}:${e.device}`;
        case 'call-established': return `CALL_ESTABLISHED_EVENT:${e.callId}:${e.device}`;
        case 'call-connection-cleared': return `CALL_CONNECTION_CLEARED_EVENT:${e.callId}:${e.device}`;
        case 'call-cleared': return `CALL_CLEARED_EVENT:${e.callId}`;
        case 'agent-state-changed': return `AGENT_STATE_EVENT:${e.agentId}:${CTI_AGENT_STATE[e.state]}`;
        default: return undefined;
      }
    };
    let stamping = false;
    acd.onEvent((e) => {
      if (!stamping) return;
      const k = keyOf(e);
      if (k) stamps.set(k, performance.now());
    });
    const bridge = createAcdBridge({ acd, clock: systemClock, log: silentLogger, peripheralId: 5000 });
    const listener = createCtiListener({
      certs, clock: systemClock, log: silentLogger, minProtocolVersion: 13, peripheralId: 5000,
      handleRequest: bridge.handleRequest, sessionHooks: bridge,
    });
    const port = await listener.listen(0, '127.0.0.1');
    const client = await connectCtiClient(port, certs.secureContextOptions('cti-client'), { queueEvents: false });
    await client.open({ servicesRequested: (ServiceMask.CTI_SERVICE_ALL_EVENTS | ServiceMask.CTI_SERVICE_CLIENT_CONTROL) >>> 0 });

    // 2. heartbeat round trips
    progress(`live session: heartbeat round trips for ${LINK_S} s, ${WINDOW} in flight`);
    let roundTrips = 0;
    const until = performance.now() + LINK_S * 1000;
    const rtt: number[] = [];
    await Promise.all(Array.from({ length: WINDOW }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        await client.request((invokeId) => ({ type: 'HEARTBEAT_REQ', invokeId }));
        rtt.push(performance.now() - t);
        roundTrips++;
      }
    }));
    const rttP = percentiles(Float64Array.from(rtt));
    out('### Live session: HEARTBEAT_REQ → HEARTBEAT_CONF over mutual TLS (TLS 1.3, loopback)');
    out();
    out(`| in flight | round trips/s | messages/s (both ways) | round trip p50 / p99 (ms) |`);
    out('|---|---|---|---|');
    out(`| ${WINDOW} | ${fmtInt(roundTrips / LINK_S)} | ${fmtInt((2 * roundTrips) / LINK_S)} | ${fmt(rttP.p50, 2)} / ${fmt(rttP.p99, 2)} |`);
    out();

    // 3. call storm
    progress(`call storm: ${AGENTS} agents, ${RATE} calls/s for ${DURATION} s, handle ${HANDLE} s`);
    const latencies: number[] = [];
    const byType = new Map<string, number[]>();
    let events = 0;
    let unmatched = 0;
    client.onMessage = (m) => {
      const now = performance.now();
      events++;
      const c = m as { connectionCallId?: number; connectionDeviceId?: string; agentId?: string; agentState?: number };
      const k = m.type === 'AGENT_STATE_EVENT' ? `${m.type}:${c.agentId}:${c.agentState}`
        : m.type === 'BEGIN_CALL_EVENT' || m.type === 'CALL_CLEARED_EVENT' ? `${m.type}:${c.connectionCallId}`
          : `${m.type}:${c.connectionCallId}:${c.connectionDeviceId}`;
      const t0 = stamps.get(k);
      if (t0 === undefined) { if (m.type !== 'END_CALL_EVENT' && m.type !== 'SYSTEM_EVENT') unmatched++; return; }
      stamps.delete(k);
      const ms = now - t0;
      latencies.push(ms);
      let list = byType.get(m.type);
      if (!list) byType.set(m.type, list = []);
      list.push(ms);
    };
    // Every agent logged in and READY before the measured window (a burst of 3 events per agent).
    for (const id of acd.agentIds()) { acd.login(id); acd.setAgentState(id, { state: 'AVAILABLE' }); }
    await sleep(1000);
    events = 0;
    unmatched = 0;
    stamping = true;
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const run = runScenario(acd, { arrivalRatePerS: RATE, handleTimeS: HANDLE, abandonRate: 0.05, durationS: DURATION, answerDelayS: 1, wrapUpS: 2, loginAgents: false });
    await sleep(DURATION * 1000);
    const cpu = process.cpuUsage(cpu0);
    const wall = performance.now() - t0;
    lag.disable();
    const storm: StormResult = {
      offered: run.counters.offered, answered: run.counters.answered, completed: run.counters.completed, events,
      eventsPerS: events / (wall / 1000), latency: percentiles(Float64Array.from(latencies)),
      byType: Object.fromEntries([...byType].map(([t, v]) => [t, percentiles(Float64Array.from(v))])), unmatched,
      cpuPct: ((cpu.user + cpu.system) / 1000 / wall) * 100, lagP99Ms: lag.percentile(99) / 1e6,
    };
    run.stop();
    out(`### Call storm: ${fmtInt(AGENTS)} agents, ${RATE} calls/s for ${DURATION} s (handle ${HANDLE} s mean, 5 % abandon, wrap-up 2 s)`);
    out();
    out(`Offered ${fmtInt(storm.offered)}, answered ${fmtInt(storm.answered)}, completed ${fmtInt(storm.completed)}; ` +
      `${fmtInt(storm.events)} CTI events to the client (${fmtInt(storm.eventsPerS)}/s), ${storm.unmatched} unmatched; ` +
      `process CPU ${fmt(storm.cpuPct)} % of a core, event-loop lag p99 ${fmt(storm.lagP99Ms, 1)} ms.`);
    out();
    out('| ACD event → decoded client message | count | p50 (ms) | p99 (ms) | max (ms) |');
    out('|---|---|---|---|---|');
    out(`| all | ${fmtInt(storm.latency.count)} | ${fmt(storm.latency.p50, 3)} | ${fmt(storm.latency.p99, 3)} | ${fmt(storm.latency.max, 2)} |`);
    for (const [t, p] of Object.entries(storm.byType)) out(`| ${t} | ${fmtInt(p.count)} | ${fmt(p.p50, 3)} | ${fmt(p.p99, 3)} | ${fmt(p.max, 2)} |`);
    out();
    if (argv.json) writeFileSync(argv.json, JSON.stringify({ codec, link: { window: WINDOW, roundTripsPerS: roundTrips / LINK_S, rtt: rttP }, storm }, null, 2));
    client.close();
    bridge.close();
    await listener.close();
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
  process.stdout.write(`${report.join('\n')}\n`);
}

main().then(() => process.exit(0), (e: unknown) => { process.stderr.write(`${(e as Error)?.stack ?? e}\n`); process.exit(1); });
