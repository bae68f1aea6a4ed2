// The Finesse side under a call storm: the embedded ACD and CTI server, the real CtiLink over mutual TLS,
// and the CTI contact center adapter (src/contact-center/cti/). Latency is end to end, from the ACD
// event (stamped by a subscriber registered before the bridge) to the DomainEvent the adapter emits:
//   agent-state-changed → agent-changed with the Finesse state,
//   call-delivered      → dialog-created/updated with the agent's leg ALERTING,
//   call-established    → dialog-updated with the agent's leg ACTIVE;
// and the adapter's share alone (the decoded message at the link's listeners → the DomainEvent).
// Also: the time to resynchronize every agent when the link comes up (QUERY_AGENT_STATE_REQ each).
//
//   node --import tsx bench/contact-center.ts [--agents 2000] [--rate 50] [--duration 60] [--handle 20] [--quick] [--json FILE]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { CTI_AGENT_STATE, createAcd, runScenario, seededRandom, type AcdEvent } from '../src/cti/acd/index.js';
import { createAcdBridge } from '../src/cti/server/acd-bridge.js';
import { createCtiListener } from '../src/cti/server/cti-listener.js';
import { CtiLink } from '../src/cti/link/cti-link.js';
import { createCtiContactCenter } from '../src/contact-center/cti/cti-contact-center.js';
import { finesseAgentState } from '../src/contact-center/cti/agent-states.js';
import type { DomainEvent } from '../src/contact-center/contact-center.js';
import type { UserRecord } from '../src/storage/stores.js';
import { createCertStore } from '../src/pki/cert-store.js';
import { ensurePki } from '../src/pki/first-start.js';
import { systemClock } from '../src/shared/clock.js';
import { silentLogger } from '../src/shared/logger.js';
import { fmt, fmtInt, percentiles, sleep } from './lib/stats.js';

const { values: argv } = parseArgs({
  options: {
    agents: { type: 'string', default: '2000' },
    rate: { type: 'string', default: '50' },
    duration: { type: 'string', default: '60' },
    handle: { type: 'string', default: '20' },
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (argv.help) {
  process.stdout.write('node --import tsx bench/contact-center.ts [--agents 2000] [--rate 50] [--duration 60] [--handle 20] [--quick] [--json FILE]\n');
  process.exit(0);
}
const AGENTS = Number(argv.agents);
const RATE = Number(argv.rate);
const DURATION = argv.quick ? 10 : Number(argv.duration);
const HANDLE = Number(argv.handle);
const progress = (s: string): void => { process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`); };

async function main(): Promise<void> {
  const report: string[] = [];
  const out = (s = ''): void => { report.push(s); };
  const data = mkdtempSync(join(tmpdir(), 'parley-bench-cc-'));
  try {
    const pki = await ensurePki({ dataDir: data, fqdn: 'localhost' });
    const certs = createCertStore(pki);
    const users: UserRecord[] = Array.from({ length: AGENTS }, (_, i) => {
      const id = String(2_001_001 + i);
      return { id, loginName: id, firstName: 'A', lastName: id, extension: id, roles: ['agent'], teamId: '1', supervisedTeamIds: [], queueIds: [i % 2 === 0 ? '1' : '2'] };
    });
    const acd = createAcd({
      clock: systemClock, random: seededRandom(1), queues: [{ id: '1', name: 'Sales' }, { id: '2', name: 'Support' }],
      agents: users.map((u) => ({ id: u.id, extension: u.id, queueIds: u.queueIds })), options: { queueStatsEvents: false },
    });
    const stamps = new Map<string, number>();
    const keyOf = (e: AcdEvent): string | undefined => {
      switch (e.kind) {
        case 'agent-state-changed': return `agent:${e.agentId}:${finesseAgentState(CTI_AGENT_STATE[e.state])}`;
        case 'call-delivered': return e.agentId ? `ALERTING:${e.callId}:${e.device}` : undefined;
        case 'call-established': return e.agentId ? `ACTIVE:${e.callId}:${e.device}` : undefined;
        default: return undefined;
      }
    };
    let stamping = false;
    acd.onEvent((e) => { if (!stamping) return; const k = keyOf(e); if (k) stamps.set(k, performance.now()); });
    const bridge = createAcdBridge({ acd, clock: systemClock, log: silentLogger, peripheralId: 5000 });
    const listener = createCtiListener({
      certs, clock: systemClock, log: silentLogger, minProtocolVersion: 13, peripheralId: 5000, handleRequest: bridge.handleRequest, sessionHooks: bridge,
    });
    const port = await listener.listen(0, '127.0.0.1');
    for (const u of users) { acd.login(u.id); acd.setAgentState(u.id, { state: 'AVAILABLE' }); }

    const link = new CtiLink({
      sideA: { host: '127.0.0.1', port, tls: true }, identity: () => certs.secureContextOptions('cti-client'), clock: systemClock,
      log: silentLogger, heartbeatIntervalMs: 5000, requestTimeoutMs: 10_000,
    });
    const directory = { getUser: (id: string) => users.find((u) => u.id === id), listUsers: () => users, getQueue: (id: string) => ({ id, name: id }) };
    const byId = new Map(users.map((u) => [u.id, u]));
    directory.getUser = (id: string) => byId.get(id);
    // Registered before the adapter's own listener: when the decoded message reaches the link's listeners.
    let arrival = 0;
    const splits: number[] = [];
    link.onEvent(() => { arrival = performance.now(); });
    const cc = createCtiContactCenter({ link, clock: systemClock, log: silentLogger, directory, peripheralId: 5000, requestTimeoutMs: 10_000 });
    const latencies: number[] = [];
    const byKind = new Map<string, number[]>();
    let domainEvents = 0;
    const record = (kind: string, key: string, now: number): void => {
      const t0 = stamps.get(key);
      if (t0 === undefined) return;
      stamps.delete(key);
      latencies.push(now - t0);
      let l = byKind.get(kind);
      if (!l) byKind.set(kind, l = []);
      l.push(now - t0);
    };
    cc.onEvent((e: DomainEvent) => {
      const now = performance.now();
      if (stamping) splits.push(now - arrival);
      domainEvents++;
      if (e.kind === 'agent-changed') record('agent-state-changed → agent-changed', `agent:${e.agent.agentId}:${e.agent.state}`, now);
      else if (e.kind === 'dialog-created' || e.kind === 'dialog-updated') {
        for (const p of e.dialog.participants) {
          if (p.state === 'ALERTING') record('call-delivered → dialog ALERTING', `ALERTING:${e.dialog.id}:${p.mediaAddress}`, now);
          if (p.state === 'ACTIVE') record('call-established → dialog ACTIVE', `ACTIVE:${e.dialog.id}:${p.mediaAddress}`, now);
        }
      }
    });
    progress(`link up and resynchronize ${AGENTS} agents`);
    const t0 = performance.now();
    link.start();
    while (cc.link().state !== 'IN_SERVICE') await sleep(5);
    const resyncMs = performance.now() - t0;

    progress(`call storm: ${AGENTS} agents, ${RATE} calls/s for ${DURATION} s, handle ${HANDLE} s`);
    stamping = true;
    domainEvents = 0;
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const cpu0 = process.cpuUsage();
    const w0 = performance.now();
    const run = runScenario(acd, { arrivalRatePerS: RATE, handleTimeS: HANDLE, abandonRate: 0.05, durationS: DURATION, answerDelayS: 1, wrapUpS: 2, loginAgents: false });
    await sleep(DURATION * 1000);
    const cpu = process.cpuUsage(cpu0);
    const wall = performance.now() - w0;
    lag.disable();
    run.stop();
    const all = percentiles(Float64Array.from(latencies));
    const sp = percentiles(Float64Array.from(splits));
    out(`## bench/contact-center — ${new Date().toISOString()}`);
    out();
    out(`Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}); one process (ACD, CTI server, link and adapter share the event loop).`);
    out();
    out(`Link up → IN_SERVICE with ${fmtInt(AGENTS)} agents re-read (QUERY_AGENT_STATE_REQ each): ${fmt(resyncMs, 0)} ms.`);
    out();
    out(`Storm: ${RATE} calls/s for ${DURATION} s across ${fmtInt(AGENTS)} agents (handle ${HANDLE} s mean, 5 % abandon, wrap-up 2 s): offered ` +
      `${fmtInt(run.counters.offered)}, answered ${fmtInt(run.counters.answered)}; ${fmtInt(domainEvents)} domain events (${fmtInt(domainEvents / (wall / 1000))}/s); ` +
      `process CPU ${fmt(((cpu.user + cpu.system) / 1000 / wall) * 100)} % of a core, event-loop lag p99 ${fmt(lag.percentile(99) / 1e6, 1)} ms.`);
    out();
    out('| ACD event → DomainEvent (end to end, over mutual TLS) | count | p50 (ms) | p99 (ms) | max (ms) |');
    out('|---|---|---|---|---|');
    out(`| all | ${fmtInt(all.count)} | ${fmt(all.p50, 3)} | ${fmt(all.p99, 3)} | ${fmt(all.max, 2)} |`);
    for (const [k, v] of byKind) { const p = percentiles(Float64Array.from(v)); out(`| ${k} | ${fmtInt(p.count)} | ${fmt(p.p50, 3)} | ${fmt(p.p99, 3)} | ${fmt(p.max, 2)} |`); }
    out(`| the adapter alone: decoded CTI message at the link → DomainEvent | ${fmtInt(sp.count)} | ${fmt(sp.p50, 3)} | ${fmt(sp.p99, 3)} | ${fmt(sp.max, 2)} |`);
    out();
    if (argv.json) writeFileSync(argv.json, JSON.stringify({ resyncMs, offered: run.counters.offered, latency: all, adapter: sp }, null, 2));
    link.stop();
    cc.close();
    bridge.close();
    await listener.close();
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
  process.stdout.write(`${report.join('\n')}\n`);
}

main().then(() => process.exit(0), (e: unknown) => { process.stderr.write(`${(e as Error)?.stack ?? e}\n`); process.exit(1); });
