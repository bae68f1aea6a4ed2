// Live Data under load (issue 9): N agents changing state through the real contact center (CTI link to
// the embedded CTI server and ACD) while V administrator viewers hold the agents, teams and queues
// reports over TLS WebSockets. Measures, per viewer, the delay from an agent's domain event to the update
// that carries it (coalescing included), messages and bytes per viewer per second, and the server process's CPU. One process:
// the server is built in-process (like the tests), the viewers are `ws` clients.
//
//   node --import tsx bench/livedata.ts [--agents 2000] [--viewers 200] [--rate 200] [--calls 20] [--duration 30]
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { bulkAddAgents } from '../src/storage/bulk-add.js';
import { startTestServer } from '../test/helpers/test-server.js';
import { fmt, fmtInt, percentiles } from './lib/stats.js';

const { values: argv } = parseArgs({
  options: {
    agents: { type: 'string', default: '2000' },
    viewers: { type: 'string', default: '200' },
    rate: { type: 'string', default: '200' },
    calls: { type: 'string', default: '20' },
    duration: { type: 'string', default: '30' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (argv.help) {
  process.stdout.write('node --import tsx bench/livedata.ts [--agents 2000] [--viewers 200] [--rate 200 state changes/s] [--calls 20 calls/s] [--duration 30]\n');
  process.exit(0);
}
const AGENTS = Number(argv.agents);
const VIEWERS = Number(argv.viewers);
const RATE = Number(argv.rate);
const CALLS = Number(argv.calls);
const DURATION_S = Number(argv.duration);
const FIRST = 3_000_001;
const log = (m: string): void => { process.stderr.write(`[livedata-bench] ${m}\n`); };

const ts = await startTestServer({ 'auth.scramIterations': 4096 } as Record<string, unknown>);
const cc = ts.server.contactCenter;
const added = bulkAddAgents(ts.server.stores, { first: FIRST, count: AGENTS, password: 'agent', teamId: '1', iterations: 16 });
if (!added.ok) throw new Error(`bulk-add failed: ${added.error}`);
ts.server.refreshAcdAgents();
ts.server.pubsub.directoryChanged();
while (cc.link().state !== 'IN_SERVICE') await new Promise((r) => setTimeout(r, 20));
log(`${AGENTS} agents; signing them in`);
const ids = Array.from({ length: AGENTS }, (_, i) => String(FIRST + i));
for (let i = 0; i < ids.length; i += 100) {
  await Promise.all(ids.slice(i, i + 100).map((id) => cc.setAgentState({ agentId: id, state: 'LOGIN', extension: id })));
}
await new Promise((r) => setTimeout(r, 1000));

// Stamp of each agent's last domain event (agent-changed): the first update row a viewer gets for that
// agent after it measures Live Data's own delay (event → viewer), coalescing included.
const changedAt = new Map<string, { state: string; at: number; seq: number }>();
let eventSeq = 0;
cc.onEvent((e) => {
  if (e.kind === 'agent-changed') changedAt.set(e.agent.agentId, { state: e.agent.state, at: performance.now(), seq: ++eventSeq });
});
const delays: number[] = [];
let messages = 0;
let bytes = 0;
const ca = readFileSync(ts.ready.ca);
const viewers: WebSocket[] = [];
log(`opening ${VIEWERS} viewers`);
for (let v = 0; v < VIEWERS; v++) {
  const ws = new WebSocket(`wss://localhost:${ts.ready.ports.livedata}/livedata/stream`, { ca, headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` } });
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  let measuring = false;
  const seen = new Map<string, number>();
  ws.on('message', (data: Buffer) => {
    messages++;
    bytes += data.length;
    if (!measuring) return;
    const m = JSON.parse(data.toString()) as { type: string; report: string; rows?: { id: string; state?: string }[] };
    if (m.type !== 'update' || m.report !== 'agents') return;
    const now = performance.now();
    for (const row of m.rows ?? []) {
      const c = changedAt.get(row.id);
      if (!c || c.state !== row.state || (seen.get(row.id) ?? 0) >= c.seq) continue;
      seen.set(row.id, c.seq);
      delays.push(now - c.at);
    }
  });
  for (const report of ['agents', 'teams', 'queues']) ws.send(JSON.stringify({ type: 'subscribe', report }));
  viewers.push(ws);
  (ws as unknown as { startMeasuring: () => void }).startMeasuring = () => { measuring = true; };
}
await new Promise((r) => setTimeout(r, 2000));
for (const ws of viewers) (ws as unknown as { startMeasuring: () => void }).startMeasuring();
messages = 0;
bytes = 0;

log(`load: ${RATE} state changes/s and ${CALLS} offered calls/s for ${DURATION_S} s`);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let changes = 0;
let calls = 0;
let tick = 0;
while (performance.now() - t0 < DURATION_S * 1000) {
  tick++;
  const due = Math.floor((performance.now() - t0) / 1000 * RATE) - changes;
  for (let i = 0; i < due; i++) {
    const id = ids[(changes * 7919) % ids.length]!;
    const state = cc.agent(id)?.state === 'READY' ? 'NOT_READY' : 'READY';
    changes++;
    void cc.setAgentState({ agentId: id, state });
  }
  const callsDue = Math.floor((performance.now() - t0) / 1000 * CALLS) - calls;
  for (let i = 0; i < callsDue; i++) {
    calls++;
    const c = ts.server.callSimulator.offerCall({ queueId: String(1 + (calls % 2)), ani: `555${String(calls).padStart(4, '0')}` });
    if (c.ok) setTimeout(() => ts.server.callSimulator.hangUp(c.value.callId), 3000);
  }
  await new Promise((r) => setTimeout(r, 5));
}
await new Promise((r) => setTimeout(r, 1500));
const elapsedS = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const p = percentiles(Float64Array.from(delays));
const stats = ts.server.livedata.hub.stats();

const lines = [
  `## Live Data (${AGENTS} agents, ${VIEWERS} administrator viewers of all three reports, ${RATE} state changes/s + ${CALLS} calls/s, ${DURATION_S} s)`,
  '',
  '| | |',
  '|---|---|',
  `| state changes / offered calls | ${fmtInt(changes)} / ${fmtInt(calls)} (${tick} generator ticks) |`,
  `| agent event → viewer update p50 / p90 / p99 / max (ms) | ${fmt(p.p50)} / ${fmt(p.p90)} / ${fmt(p.p99)} / ${fmt(p.max)} (${fmtInt(delays.length)} samples) |`,
  `| messages per viewer per second | ${fmt(messages / VIEWERS / elapsedS)} |`,
  `| bytes per viewer per second | ${fmtInt(bytes / VIEWERS / elapsedS)} |`,
  `| process CPU (server + CTI + viewers, one process) | ${fmt((cpu.user + cpu.system) / 1000 / (elapsedS * 1000) * 100)} % of a core |`,
  `| slow consumers closed | ${stats.slowConsumersClosed} |`,
];
process.stdout.write(lines.join('\n') + '\n');
for (const ws of viewers) ws.close();
await ts.stop();
process.exit(0);
