// The Finesse-side CTI client against the embedded CTI server, over real mutual TLS: both ends use the
// certificates a test server issued on first start (cti-client and cti-server, one local CA).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { CtiLink, type LinkStateChange } from '../../src/cti/link/cti-link.js';
import { MemoryLogger } from '../../src/shared/logger.js';
import { systemClock } from '../../src/shared/clock.js';
import { createServer as createTlsServer } from 'node:tls';
import { CtiFrameParser, decodeMessage, encodeMessage } from '../../src/cti/codec/index.js';

async function until(what: string, cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function linkTo(server: TestServer, sideB: TestServer | undefined, log: MemoryLogger, heartbeatIntervalMs = 200): CtiLink {
  return new CtiLink({
    sideA: { host: '127.0.0.1', port: server.ready.ports.cti!, tls: true },
    sideB: sideB ? { host: '127.0.0.1', port: sideB.ready.ports.cti!, tls: true } : undefined,
    identity: () => server.server.certs.secureContextOptions('cti-client'),
    clock: systemClock,
    log,
    heartbeatIntervalMs,
    missedHeartbeats: 3,
    backoff: { initialMs: 50, maxMs: 500 },
  });
}

describe('CTI link over mutual TLS (real sockets)', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  after(async () => { for (const c of cleanup.reverse()) await c(); });

  it('links to the embedded CTI server: OPEN_CONF, IN_SERVICE, heartbeats flow, seed-style log lines', async () => {
    const server = await startTestServer();
    cleanup.push(() => server.stop());
    assert.equal(typeof server.ready.ports.cti, 'number', 'cti is on the ready line');
    const log = new MemoryLogger(true);
    const link = linkTo(server, undefined, log, 100);
    const changes: LinkStateChange[] = [];
    link.onStateChange((c) => changes.push(c));
    link.start();
    cleanup.push(() => link.stop());
    await until('IN_SERVICE', () => link.state === 'IN_SERVICE');
    assert.equal(link.activeSide, 'A');
    // Two sessions: this link's and the server's own (its contact center links to its embedded CTI server).
    await until('both sessions', () => server.server.cti.sessions.size === 2);
    await until('three heartbeat confirmations',
      () => log.lines.filter((l) => l.msg.includes('HeartbeatConf') && l.msg.includes('Decoded Message to Finesse from backend cti server')).length >= 3);
    assert.ok(log.lines.some((l) => l.level === 'info' && /MESSAGE_TO_CTI_SERVER: %\[cti_message=.*\]\[cti_message_name=OpenReq\]: Message going to the backend cti server/.test(l.msg)));
    assert.ok(log.lines.some((l) => /DECODED_MESSAGE_FROM_CTI_SERVER: %\[cti_message=.*CTIMessageBean \[.*msgName=OpenConf.*\]\]: Decoded Message to Finesse from backend cti server/.test(l.msg)));
    assert.equal(link.state, 'IN_SERVICE');
    assert.deepEqual(changes.map((c) => c.state), ['IN_SERVICE']);

    // A request the session layer does not serve yet: correlated FAILURE_CONF "not yet supported".
    const outcome = await link.request((invokeId) => ({
      type: 'QUERY_AGENT_STATE_REQ', invokeId, peripheralId: 5000, mrdId: 1, icmAgentId: 0, agentInstrument: '1001',
    } as never));
    assert.equal(outcome.kind, 'reply');
    assert.equal(outcome.kind === 'reply' && outcome.reply.type, 'FAILURE_CONF');

    // Unsolicited events reach sessions whose service mask asks for them (the link asked for all events).
    const events: string[] = [];
    link.onEvent((m) => events.push(m.type));
    const reached = server.server.cti.broadcast({
      type: 'SYSTEM_EVENT', pgStatus: 0, icmCentralControllerTime: 0, systemEventId: 3, systemEventArg1: 5000,
      systemEventArg2: 0, systemEventArg3: 0, eventDeviceType: 0xffff,
    });
    assert.equal(reached, 2);
    assert.equal(server.server.cti.broadcast({ type: 'FAILURE_EVENT', status: 17 }, 0x40 /* CLIENT_MONITOR: not granted */), 0);
    await until('SYSTEM_EVENT delivered', () => events.includes('SYSTEM_EVENT'));

    link.stop();
    assert.equal(link.state, 'OUT_OF_SERVICE');
    await until('session gone', () => server.server.cti.sessions.size === 1);
  });

  it('fails over: A side killed → client IN_SERVICE on the B side within the heartbeat budget', async () => {
    const a = await startTestServer();
    cleanup.push(() => a.stop());
    // B is another Parley node of the same deployment: same CA and certificates.
    const dataB = mkdtempSync(join(tmpdir(), 'parley-test-b-'));
    cpSync(join(a.data, 'pki'), join(dataB, 'pki'), { recursive: true });
    const b = await startTestServer({}, { data: dataB });
    cleanup.push(async () => { await b.stop(); rmSync(dataB, { recursive: true, force: true }); });

    const log = new MemoryLogger(false);
    const heartbeatIntervalMs = 200;
    const link = linkTo(a, b, log, heartbeatIntervalMs);
    const changes: LinkStateChange[] = [];
    link.onStateChange((c) => changes.push(c));
    link.start();
    cleanup.push(() => link.stop());
    await until('IN_SERVICE on A', () => link.state === 'IN_SERVICE' && link.activeSide === 'A');

    const killedAt = Date.now();
    await a.stop();
    await until('IN_SERVICE on B', () => link.state === 'IN_SERVICE' && link.activeSide === 'B', 3 * heartbeatIntervalMs + 2000);
    const took = Date.now() - killedAt;
    assert.ok(took <= 3 * heartbeatIntervalMs + 1000, `failover took ${took} ms`);
    assert.deepEqual(changes.map((c) => `${c.state}:${c.side}`), ['IN_SERVICE:A', 'OUT_OF_SERVICE:A', 'IN_SERVICE:B']);
    await until("this link's and B's own contact-center link", () => b.server.cti.sessions.size === 2);
    link.stop();
  });

  it('detects heartbeat loss: a CTI server that stops answering → OUT_OF_SERVICE, then reconnects', async () => {
    const server = await startTestServer();
    cleanup.push(() => server.stop());
    // A mute CTI server: answers OPEN_REQ, swallows HEARTBEAT_REQ.
    let opens = 0;
    const mute = createTlsServer({ ...server.server.certs.secureContextOptions('cti-server'), requestCert: true, rejectUnauthorized: true }, (socket) => {
      socket.on('error', () => {});
      const parser = new CtiFrameParser((e) => {
        if (e.kind !== 'frame') return;
        const d = decodeMessage(e.frame);
        if (d.ok && d.value.type === 'OPEN_REQ') {
          opens++;
          socket.write(encodeMessage({
            type: 'OPEN_CONF', invokeId: d.value.invokeId, servicesGranted: 0x10, monitorId: 0, pgStatus: 0,
            icmCentralControllerTime: 0, peripheralOnline: true, peripheralType: 17, agentState: 0, departmentId: 0, sessionType: 1,
          }));
        }
      });
      socket.on('data', (c: Buffer) => parser.push(c));
    });
    await new Promise<void>((r) => mute.listen(0, '127.0.0.1', () => r()));
    cleanup.push(() => new Promise<void>((r) => { mute.close(() => r()); }));
    const port = (mute.address() as { port: number }).port;
    const log = new MemoryLogger(false);
    const link = new CtiLink({
      sideA: { host: '127.0.0.1', port, tls: true },
      identity: () => server.server.certs.secureContextOptions('cti-client'),
      clock: systemClock, log, heartbeatIntervalMs: 100, missedHeartbeats: 2, backoff: { initialMs: 50, maxMs: 200 },
    });
    const changes: string[] = [];
    link.onStateChange((c) => changes.push(c.state));
    link.start();
    cleanup.push(() => link.stop());
    await until('IN_SERVICE', () => link.state === 'IN_SERVICE');
    await until('OUT_OF_SERVICE after lost heartbeats', () => changes.includes('OUT_OF_SERVICE'), 2000);
    assert.ok(log.has('info', '2 heartbeats unanswered'));
    await until('reconnected', () => opens >= 2 && link.state === 'IN_SERVICE', 2000);
    link.stop();
  });

  it('refuses to connect with SSL encryption disabled (unsecured mode is not supported)', async () => {
    const log = new MemoryLogger(false);
    const link = new CtiLink({
      sideA: { host: '127.0.0.1', port: 1, tls: false },
      identity: () => { throw new Error('not used'); },
      clock: systemClock, log, heartbeatIntervalMs: 100, backoff: { initialMs: 10_000, maxMs: 10_000 },
    });
    link.start();
    link.stop();
    assert.ok(log.has('error', 'unsecured mode is not supported'));
    assert.equal(link.state, 'OUT_OF_SERVICE');
  });
});
