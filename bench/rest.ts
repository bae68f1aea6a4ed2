// The Finesse REST API under load (issue 5 "Proof"): a real `parley serve` process with its embedded
// CTI server and ACD; N agents created by bulk-add, each with an XMPP session (STARTTLS, PLAIN, bind,
// presence) and signed in over REST (LOGIN). Then C workers change agent states (READY ⇄ NOT_READY)
// over HTTPS keep-alive for D seconds; an agent is changed again only after its previous change's event
// arrived (as a desktop waits for it). Measured here, on
// one clock: accepted state changes per second, and for each change the time from the REST request to
// the agent's User <Update> carrying its requestId, both from the send and from the 202.
//
//   node --import tsx bench/rest.ts [--agents N] [--concurrency C] [--duration S] [--pin auto|on|off] [--json FILE]
//
// Progress to stderr; a Markdown report to stdout. See bench/README.md.
import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Element } from '../src/xml/element.js';
import { NS_PUBSUB, NS_PUBSUB_EVENT } from '../src/xml/ns.js';
import { parseElement } from '../src/xml/parse.js';
import { LoadSession } from './lib/load-client.js';
import { launchParley } from './lib/parley-process.js';
import { canPin, installCleanup, ownCpuMs, pinSelf, readCpuMs, readMemoryKb } from './lib/proc.js';
import { fmt, fmtInt, percentiles, pool, prng, sleep } from './lib/stats.js';

const { values: argv } = parseArgs({
  options: {
    agents: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '50' },
    duration: { type: 'string', default: '20' },
    pin: { type: 'string', default: 'auto' },
    'first-user': { type: 'string', default: '2000001' },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (argv.help) {
  process.stdout.write('node --import tsx bench/rest.ts [--agents 2000] [--concurrency 50] [--duration 20] [--pin auto|on|off] [--json FILE]\n');
  process.exit(0);
}
const N = Number(argv.agents);
const C = Number(argv.concurrency);
const D = Number(argv.duration);
const FIRST = Number(argv['first-user']);
const log = (s: string): void => { process.stderr.write(`[rest-bench] ${s}\n`); };

installCleanup();
const pin = argv.pin === 'on' || (argv.pin === 'auto' && canPin());
if (pin) pinSelf(0);
const server = await launchParley(
  { domain: 'localhost', tls: true, pinCpu: pin ? 1 : undefined, firstUser: FIRST, userPassword: 'agent', adminPassword: 'admin', count: N },
  { dirPrefix: 'parley-rest-bench-' },
);
const httpsPort = server.ports.https!;
const agent = new Agent({ keepAlive: true, maxSockets: C + 10, ca: server.ca });

function call(method: string, path: string, auth: string, body?: string, requestId?: string): Promise<{ status: number; body: string; at: number }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Basic ${Buffer.from(auth).toString('base64')}` };
    if (body !== undefined) { headers['content-type'] = 'application/xml'; headers['content-length'] = String(Buffer.byteLength(body)); }
    if (requestId) headers.requestId = requestId;
    const req = request({ host: '127.0.0.1', port: httpsPort, method, path, agent, servername: 'localhost', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, at: performance.now() }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

try {
  log(`provisioning ${N} agents`);
  await server.provision(N, 300_000);
  for (let i = 0; i < 200; i++) {
    const info = await call('GET', '/finesse/api/SystemInfo', 'x:y');
    if (info.body.includes('<status>IN_SERVICE</status>')) break;
    await sleep(100);
  }

  // Pending state changes by requestId: send time and 202 time.
  const pending = new Map<string, { sent: number; accepted: number | undefined; agent: number }>();
  /** Agents with a change in flight: picked again only once their event arrived (a desktop waits for it too). */
  const busy = new Set<number>();
  const fromSend = new Float64Array(2_000_000);
  const from202 = new Float64Array(2_000_000);
  let measured = 0;
  let eventsBefore202 = 0;
  const onMessage = (el: Element): void => {
    const text = el.getChild('event', NS_PUBSUB_EVENT)?.getChild('items')?.getChild('item')?.getChild('notification', NS_PUBSUB)?.text();
    if (!text) return;
    const rid = /<requestId>([^<]+)<\/requestId>/.exec(text)?.[1];
    const p = rid ? pending.get(rid) : undefined;
    if (!p || !rid) return;
    const now = performance.now();
    pending.delete(rid);
    busy.delete(p.agent);
    fromSend[measured] = now - p.sent;
    if (p.accepted === undefined) eventsBefore202++;
    from202[measured] = p.accepted === undefined ? 0 : now - p.accepted;
    measured++;
  };

  log(`logging in ${N} XMPP sessions`);
  const sessions: LoadSession[] = [];
  const t0 = performance.now();
  const logins = await pool(N, 50, async (i) => {
    const s = new LoadSession({ host: '127.0.0.1', port: server.ports.xmpp!, domain: 'localhost', tls: true, ca: server.ca, username: String(FIRST + i), password: 'agent', resource: 'desktop', timeoutMs: 60_000 });
    s.onMessage = onMessage;
    await s.login();
    sessions.push(s);
  });
  log(`${sessions.length} sessions in ${fmt((performance.now() - t0) / 1000)} s (${logins.failures.length} failures)`);

  log(`signing in ${N} agents over REST`);
  const t1 = performance.now();
  const signIns = await pool(N, C, async (i) => {
    const id = String(FIRST + i);
    const r = await call('PUT', `/finesse/api/User/${id}`, `${id}:agent`, `<User><state>LOGIN</state><extension>${id}</extension></User>`);
    if (r.status !== 202) throw new Error(`LOGIN ${id}: ${r.status} ${r.body.slice(0, 200)}`);
  });
  const signInRate = N / ((performance.now() - t1) / 1000);
  log(`signed in at ${fmt(signInRate)}/s (${signIns.failures.length} failures${signIns.failures[0] ? `: ${signIns.failures[0].error}` : ''})`);
  await sleep(2000);
  pending.clear();
  measured = 0;
  eventsBefore202 = 0;

  // Load: C workers, each takes a free agent at random and toggles it.
  const rnd = prng(1);
  const wantReady = new Uint8Array(N).fill(1);
  const statuses = new Map<number, number>();
  let seq = 0;
  let accepted = 0;
  const cpu0 = readCpuMs(server.pid);
  const own0 = ownCpuMs();
  const start = performance.now();
  const end = start + D * 1000;
  await Promise.all(Array.from({ length: C }, async () => {
    while (performance.now() < end) {
      if (busy.size >= N) { await sleep(1); continue; }
      let i = Math.floor(rnd() * N);
      while (busy.has(i)) i = (i + 1) % N;
      busy.add(i);
      const id = String(FIRST + i);
      const rid = `b${++seq}`;
      const state = wantReady[i] ? 'READY' : 'NOT_READY';
      const p = { sent: performance.now(), accepted: undefined as number | undefined, agent: i };
      pending.set(rid, p);
      const r = await call('PUT', `/finesse/api/User/${id}`, `${id}:agent`, `<User><state>${state}</state></User>`, rid);
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      if (r.status === 202) {
        accepted++;
        wantReady[i] = wantReady[i] ? 0 : 1;
        if (pending.has(rid)) p.accepted = r.at;
      } else {
        pending.delete(rid);
        busy.delete(i);
      }
      // An agent whose event never comes is freed after 5 s (and counted as missing).
      if (busy.has(i)) setTimeout(() => { if (pending.has(rid)) busy.delete(i); }, 5000).unref();
    }
  }));
  const elapsed = (performance.now() - start) / 1000;
  await sleep(3000); // late events
  const cpu = readCpuMs(server.pid) - cpu0;
  const ownCpuPct = ((ownCpuMs() - own0) / ((performance.now() - start))) * 100;
  const send = percentiles(fromSend, measured);
  const after202 = percentiles(from202, measured);
  const mem = readMemoryKb(server.pid);
  const report = {
    agents: N, sessions: sessions.length, concurrency: C, durationS: D,
    signInPerS: signInRate, stateChangesPerS: accepted / elapsed, accepted, statuses: Object.fromEntries(statuses),
    eventsMeasured: measured, eventsMissing: pending.size, eventsBefore202,
    sendToEventMs: send, acceptedToEventMs: after202, serverCpuPerChangeMs: cpu / Math.max(1, accepted), serverRssMb: mem.rssKb / 1024, generatorCpuPct: ownCpuPct,
    version: server.version,
  };
  if (argv.json) writeFileSync(argv.json, JSON.stringify(report, null, 2));
  process.stdout.write([
    `## REST state changes (${server.version})`,
    '',
    `${N} agents bulk-added, each with an XMPP session over STARTTLS and signed in over REST; ${C} workers,`,
    `${D} s, READY ⇄ NOT_READY through the CTI link to the embedded CTI server and ACD${pin ? ', server and generator pinned to different cores' : ''}.`,
    '',
    '| | |',
    '|---|---|',
    `| sign-ins per second (LOGIN, ${C} in flight) | ${fmt(signInRate)} |`,
    `| accepted state changes per second | ${fmt(accepted / elapsed)} (${fmtInt(accepted)} in ${fmt(elapsed)} s; statuses ${JSON.stringify(Object.fromEntries(statuses))}) |`,
    `| request → User event p50 / p99 / max (ms) | ${fmt(send.p50)} / ${fmt(send.p99)} / ${fmt(send.max)} |`,
    `| 202 → User event p50 / p99 / max (ms) | ${fmt(after202.p50)} / ${fmt(after202.p99)} / ${fmt(after202.max)} (${fmtInt(eventsBefore202)} events arrived before their 202, counted as 0) |`,
    `| events measured / missing | ${fmtInt(measured)} / ${fmtInt(pending.size)} |`,
    `| server CPU per accepted change (ms) | ${fmt(cpu / Math.max(1, accepted), 2)} |`,
    `| server RSS (MB) | ${fmt(mem.rssKb / 1024)} |`,
    `| load generator CPU (% of a core, load phase and drain) | ${fmt(ownCpuPct)} |`,
    '',
  ].join('\n'));
  for (const s of sessions) s.close();
} finally {
  agent.destroy();
  await server.stop();
}
