// A bare GED-188 client over mutual TLS for tests and benches: OPEN_REQ, requests with fresh
// InvokeIDs answered by their CONF or FAILURE_CONF, and a queue of unsolicited events to wait on.
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import {
  CtiFrameParser, PROTOCOL_VERSION, ServiceMask, decodeMessage, encodeMessage, type CtiMessage, type CtiMessageOf,
} from '../../src/cti/codec/index.js';

export interface CtiTestClient {
  readonly socket: TLSSocket;
  /** Unsolicited events received and not yet taken, oldest first. */
  readonly events: CtiMessage[];
  open(over?: Partial<CtiMessageOf<'OPEN_REQ'>>): Promise<CtiMessage>;
  request(build: (invokeId: number) => CtiMessage, timeoutMs?: number): Promise<CtiMessage>;
  /** Waits for (and removes from `events`) the first event matching; earlier events stay. */
  waitFor(pred: (m: CtiMessage) => boolean, what: string, timeoutMs?: number): Promise<CtiMessage>;
  /** Called for each message as it is decoded (after the frame parser), before queuing. */
  onMessage?: (m: CtiMessage) => void;
  close(): void;
}

export const ALL_EVENTS_CONTROL = (ServiceMask.CTI_SERVICE_ALL_EVENTS | ServiceMask.CTI_SERVICE_CLIENT_CONTROL |
  ServiceMask.CTI_SERVICE_CALL_DATA_UPDATE) >>> 0;

export async function connectCtiClient(port: number, tls: ConnectionOptions, opts: { queueEvents?: boolean } = {}): Promise<CtiTestClient> {
  const queueEvents = opts.queueEvents ?? true;
  const socket = tlsConnect({ host: '127.0.0.1', port, minVersion: 'TLSv1.2', ...tls });
  await new Promise<void>((resolve, reject) => { socket.once('secureConnect', resolve); socket.once('error', reject); });
  const pending = new Map<number, (m: CtiMessage) => void>();
  const waiters: { pred: (m: CtiMessage) => boolean; resolve: (m: CtiMessage) => void }[] = [];
  let invokeId = 1000;
  const client: CtiTestClient = {
    socket,
    events: [],
    async open(over = {}) {
      return client.request((id) => ({
        type: 'OPEN_REQ', invokeId: id, versionNumber: PROTOCOL_VERSION, idleTimeout: 0xffffffff, peripheralId: 0xffffffff,
        servicesRequested: ALL_EVENTS_CONTROL, callMsgMask: 0xffffffff, agentStateMask: 0x3fff, configMsgMask: 0,
        clientId: 'test-client', clientPassword: Buffer.alloc(0), ...over,
      }));
    },
    request(build, timeoutMs = 5000) {
      const id = ++invokeId;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => { pending.delete(id); reject(new Error(`no reply to InvokeID ${id}`)); }, timeoutMs);
        pending.set(id, (m) => { clearTimeout(timer); resolve(m); });
        socket.write(encodeMessage(build(id)));
      });
    },
    waitFor(pred, what, timeoutMs = 5000) {
      const i = client.events.findIndex(pred);
      if (i >= 0) return Promise.resolve(client.events.splice(i, 1)[0]!);
      return new Promise((resolve, reject) => {
        const w = { pred, resolve: (m: CtiMessage) => { clearTimeout(timer); resolve(m); } };
        const timer = setTimeout(() => { waiters.splice(waiters.indexOf(w), 1); reject(new Error(`timed out waiting for ${what}`)); }, timeoutMs);
        waiters.push(w);
      });
    },
    close() { socket.destroy(); },
  };
  const parser = new CtiFrameParser((e) => {
    if (e.kind !== 'frame') { socket.destroy(); return; }
    const d = decodeMessage(e.frame);
    if (!d.ok) return;
    const m = d.value;
    client.onMessage?.(m);
    const id = (m as { invokeId?: number }).invokeId;
    const reply = id === undefined ? undefined : pending.get(id);
    if (reply) { pending.delete(id!); reply(m); return; }
    const w = waiters.findIndex((x) => x.pred(m));
    if (w >= 0) { waiters.splice(w, 1)[0]!.resolve(m); return; }
    if (queueEvents) client.events.push(m);
  });
  socket.on('data', (chunk: Buffer) => parser.push(chunk));
  socket.on('error', () => {});
  return client;
}
