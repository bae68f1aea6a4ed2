// The Finesse-side CTI client: the link from Parley to a CTI server (ours or a real one). Connects
// to the A side over mutual TLS with the 'cti-client' identity, fails over to the B side, opens the
// session (OPEN_REQ/CONF), sends HEARTBEAT_REQs and declares the link lost after `missedHeartbeats`
// unanswered ones, reconnects with backoff, correlates requests by InvokeID, and reports its state
// as IN_SERVICE / OUT_OF_SERVICE (what SystemInfo shows). Log lines as seed 000's Finesse log.
import { isIP } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { TlsIdentityOptions } from '../../pki/cert-store.js';
import type { Clock, TimerHandle } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import {
  CtiFrameParser, FailureStatus, PROTOCOL_VERSION, ServiceMask, ctiMessageName, decodeMessage, encodeMessage,
  formatCtiMessage, type CtiMessage,
} from '../codec/index.js';
import { InvokeCorrelator, type CorrelationOutcome } from './correlator.js';

/** One side of the CTI server pair, as on Finesse Administration's "Contact Center Enterprise CTI Server Settings". */
export interface CtiSide {
  readonly host: string;
  readonly port: number;
  /** "SSL encryption enabled"; off is refused: the CTI server supports no unsecured mode. */
  readonly tls: boolean;
}

export type SideName = 'A' | 'B';
export type LinkState = 'IN_SERVICE' | 'OUT_OF_SERVICE';

export interface LinkStateChange {
  readonly state: LinkState;
  readonly side: SideName | undefined;
  readonly reason: string;
}

export interface CtiLinkOptions {
  readonly sideA: CtiSide;
  readonly sideB?: CtiSide | undefined;
  /** The 'cti-client' key, certificate and trust bundle; read on every connect (hot reload). */
  readonly identity: () => TlsIdentityOptions;
  readonly clock: Clock;
  readonly log: Logger;
  readonly heartbeatIntervalMs: number;
  /** Consecutive unanswered HEARTBEAT_REQs that mean the link is lost (3 by default). */
  readonly missedHeartbeats?: number;
  readonly requestTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  /** Reconnect delay after both sides failed: doubles from `initial` up to `max`. */
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  readonly clientId?: string;
  readonly servicesRequested?: number;
  /** TLS server name check; default: the side's host. */
  readonly servername?: string;
}

const DEFAULT_SERVICES = ServiceMask.CTI_SERVICE_ALL_EVENTS | ServiceMask.CTI_SERVICE_CLIENT_CONTROL |
  ServiceMask.CTI_SERVICE_CALL_DATA_UPDATE;

export class CtiLink {
  readonly #o: CtiLinkOptions;
  #sideA: CtiSide;
  #sideB: CtiSide | undefined;
  readonly #correlator: InvokeCorrelator<CtiMessage>;
  readonly #stateListeners = new Set<(change: LinkStateChange) => void>();
  readonly #eventListeners = new Set<(msg: CtiMessage) => void>();
  #state: LinkState = 'OUT_OF_SERVICE';
  #side: SideName = 'A';
  #activeSide: SideName | undefined;
  #socket: TLSSocket | undefined;
  #running = false;
  #failures = 0;
  #missed = 0;
  #sequence = 0;
  #timers: TimerHandle[] = [];
  #heartbeat: TimerHandle | undefined;
  #attempt = 0;

  constructor(options: CtiLinkOptions) {
    this.#o = options;
    this.#sideA = options.sideA;
    this.#sideB = options.sideB;
    this.#correlator = new InvokeCorrelator({ clock: options.clock, timeoutMs: options.requestTimeoutMs ?? 5000 });
  }

  get state(): LinkState { return this.#state; }
  get activeSide(): SideName | undefined { return this.#activeSide; }
  /** Replies that matched no pending request (late or duplicated). */
  get unmatchedReplies(): number { return this.#correlator.unmatched; }

  onStateChange(listener: (change: LinkStateChange) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  /** Unsolicited messages (events) from the CTI server: where the CTI → domain mapping plugs in. */
  onEvent(listener: (msg: CtiMessage) => void): () => void {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#side = 'A';
    this.#connect();
  }

  stop(): void {
    if (!this.#running) return;
    this.#running = false;
    this.#teardown('link stopped', true);
  }

  /** New CTI settings: reconnects (A side first) without a restart. */
  reconfigure(sideA: CtiSide, sideB?: CtiSide): void {
    this.#sideA = sideA;
    this.#sideB = sideB;
    if (!this.#running) return;
    this.#teardown('CTI settings changed', true);
    this.#failures = 0;
    this.#side = 'A';
    this.#connect();
  }

  /**
   * Sends a request built around a fresh InvokeID and waits for its confirmation or FAILURE_CONF.
   * @example const r = await link.request((invokeId) => ({ type: 'QUERY_AGENT_STATE_REQ', invokeId, … }));
   */
  async request(build: (invokeId: number) => CtiMessage, timeoutMs?: number): Promise<CorrelationOutcome<CtiMessage>> {
    if (this.#state !== 'IN_SERVICE' || this.#socket === undefined) return { kind: 'cancelled', reason: 'CTI link out of service' };
    return this.#send(build, timeoutMs);
  }

  #send(build: (invokeId: number) => CtiMessage, timeoutMs?: number): Promise<CorrelationOutcome<CtiMessage>> {
    const invokeId = this.#correlator.nextId();
    const msg = build(invokeId);
    const outcome = this.#correlator.expect(invokeId, timeoutMs);
    this.#write(msg);
    return outcome;
  }

  #write(msg: CtiMessage): void {
    const socket = this.#socket;
    if (socket === undefined || socket.destroyed) return;
    const line = `MESSAGE_TO_CTI_SERVER: %[cti_message=${formatCtiMessage(msg)}][cti_message_name=${ctiMessageName(msg)}]: ` +
      'Message going to the backend cti server';
    if (msg.type === 'HEARTBEAT_REQ') this.#o.log.debug(line);
    else this.#o.log.info(line);
    socket.write(encodeMessage(msg));
  }

  #sideConfig(side: SideName): CtiSide | undefined {
    return side === 'A' ? this.#sideA : this.#sideB;
  }

  #later(ms: number, fn: () => void): void {
    const t = this.#o.clock.setTimeout(() => {
      this.#timers = this.#timers.filter((x) => x !== t);
      fn();
    }, ms);
    this.#timers.push(t);
  }

  #connect(): void {
    if (!this.#running) return;
    const side = this.#side;
    const config = this.#sideConfig(side);
    if (config === undefined) return this.#failed(`side ${side} not configured`);
    if (!config.tls) {
      this.#o.log.error(`CTI link side ${side} ${config.host}:${config.port}: SSL encryption is disabled, ` +
        'but unsecured mode is not supported; enable SSL encryption');
      return this.#failed('SSL encryption disabled');
    }
    const attempt = ++this.#attempt;
    this.#o.log.info(`CTI link connecting to side ${side} ${config.host}:${config.port}`);
    let socket: TLSSocket;
    try {
      socket = tlsConnect({
        ...this.#o.identity(),
        host: config.host,
        port: config.port,
        // SNI carries host names only (RFC 6066 §3); the certificate check still uses the host.
        ...(isIP(this.#o.servername ?? config.host) ? {} : { servername: this.#o.servername ?? config.host }),
        minVersion: 'TLSv1.2',
      });
    } catch (error) {
      return this.#failed(`cannot connect: ${(error as Error).message}`);
    }
    this.#socket = socket;
    // CTI messages are small and request/reply: Nagle's algorithm would hold each behind the peer's delayed ACK (~40 ms).
    socket.setNoDelay(true);
    const stale = (): boolean => attempt !== this.#attempt;
    const connectTimer = this.#o.clock.setTimeout(() => {
      if (!stale()) this.#lost(`side ${side}: no TLS connection within ${(this.#o.connectTimeoutMs ?? 5000) / 1000} s`);
    }, this.#o.connectTimeoutMs ?? 5000);
    const parser = new CtiFrameParser((event) => {
      if (stale()) return;
      if (event.kind === 'error') return this.#lost(`framing error from the CTI server: ${event.error}`);
      const decoded = decodeMessage(event.frame);
      if (!decoded.ok) {
        this.#o.log.warn(`CTI link: undecodable message from the CTI server (MessageType ${event.frame.type}): ${decoded.error}`);
        return;
      }
      this.#received(decoded.value);
    });
    socket.on('secureConnect', () => {
      connectTimer.cancel();
      if (stale()) return;
      void this.#open(side, attempt);
    });
    socket.on('data', (chunk: Buffer) => parser.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!stale()) this.#o.log.warn(`CTI link side ${side}: ${error.code ?? ''} ${error.message}`.trim());
    });
    socket.on('close', () => {
      connectTimer.cancel();
      if (!stale()) this.#lost(`side ${side}: connection closed`);
    });
  }

  async #open(side: SideName, attempt: number): Promise<void> {
    const idleTimeoutS = Math.ceil((this.#o.heartbeatIntervalMs * 4) / 1000);
    const outcome = await this.#send((invokeId) => ({
      type: 'OPEN_REQ', invokeId, versionNumber: PROTOCOL_VERSION, idleTimeout: idleTimeoutS, peripheralId: 0xffff_ffff,
      servicesRequested: this.#o.servicesRequested ?? DEFAULT_SERVICES, callMsgMask: 0xffff_ffff, agentStateMask: 0xffff_ffff,
      configMsgMask: 0, clientId: this.#o.clientId ?? 'parley-finesse', clientPassword: Buffer.alloc(0),
    }));
    if (attempt !== this.#attempt) return;
    if (outcome.kind !== 'reply') return this.#lost(`OPEN_REQ ${outcome.kind === 'timeout' ? 'timed out' : outcome.reason}`);
    const reply = outcome.reply;
    if (reply.type !== 'OPEN_CONF') {
      const status = reply.type === 'FAILURE_CONF' ? ` (status ${reply.status}${reply.text ? `: ${reply.text}` : ''})` : '';
      return this.#lost(`OPEN_REQ refused with ${reply.type}${status}`);
    }
    this.#failures = 0;
    this.#missed = 0;
    this.#activeSide = side;
    this.#setState('IN_SERVICE', side, `session open on side ${side}, services granted 0x${reply.servicesGranted.toString(16)}`);
    this.#heartbeat = this.#o.clock.setInterval(() => void this.#beat(attempt), this.#o.heartbeatIntervalMs);
  }

  async #beat(attempt: number): Promise<void> {
    const outcome = await this.#send((invokeId) => ({ type: 'HEARTBEAT_REQ', invokeId }), this.#o.heartbeatIntervalMs);
    if (attempt !== this.#attempt) return;
    if (outcome.kind === 'reply') {
      this.#missed = 0;
      return;
    }
    if (outcome.kind !== 'timeout') return;
    this.#missed++;
    const limit = this.#o.missedHeartbeats ?? 3;
    this.#o.log.warn(`CTI link: heartbeat unanswered (${this.#missed} of ${limit})`);
    if (this.#missed >= limit) this.#lost(`${limit} heartbeats unanswered`);
  }

  #received(msg: CtiMessage): void {
    const sequenceId = ++this.#sequence;
    const line = `DECODED_MESSAGE_FROM_CTI_SERVER: %[cti_message=${formatCtiMessage(msg, {
      sequenceId, timeTracker: JSON.stringify({ id: ctiMessageName(msg), CTI_MSG_RECEIVED: this.#o.clock.now() }), deploymentType: 'UCCE',
    })}]: Decoded Message to Finesse from backend cti server`;
    if (msg.type === 'HEARTBEAT_CONF') this.#o.log.debug(line);
    else this.#o.log.info(line);
    const invokeId = (msg as { invokeId?: unknown }).invokeId;
    const isReply = msg.type.endsWith('_CONF');
    if (isReply && typeof invokeId === 'number') {
      if (!this.#correlator.settle(invokeId, msg)) {
        this.#o.log.debug(`CTI link: ${msg.type} for InvokeID ${invokeId} matches no pending request (late or duplicated); ignored`);
      }
      return;
    }
    if (msg.type === 'FAILURE_EVENT' && msg.status === FailureStatus.E_CTI_CTI_SERVER_OFFLINE) {
      return this.#lost('the CTI server went offline (FAILURE_EVENT E_CTI_CTI_SERVER_OFFLINE)');
    }
    for (const listener of [...this.#eventListeners]) {
      try {
        listener(msg);
      } catch (error) {
        this.#o.log.error(`CTI link: event listener failed on ${msg.type}: ${(error as Error)?.stack ?? String(error)}`);
      }
    }
  }

  /** The current connection is gone (or never came up): tear down and fail over / back off. */
  #lost(reason: string): void {
    this.#teardown(reason, false);
    this.#failed(reason);
  }

  #teardown(reason: string, stopping: boolean): void {
    this.#attempt++; // every callback of the old connection is stale from now on
    this.#heartbeat?.cancel();
    this.#heartbeat = undefined;
    for (const t of this.#timers) t.cancel();
    this.#timers = [];
    this.#correlator.cancelAll(reason);
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.destroy();
    const wasSide = this.#activeSide;
    this.#activeSide = undefined;
    if (this.#state === 'IN_SERVICE' || stopping) this.#setState('OUT_OF_SERVICE', wasSide, reason);
  }

  #failed(reason: string): void {
    if (!this.#running) return;
    this.#failures++;
    const other: SideName = this.#side === 'A' ? 'B' : 'A';
    const hasOther = this.#sideConfig(other) !== undefined;
    if (hasOther) this.#side = other;
    // The first failure fails over at once; after that, wait before each full round of both sides.
    const roundDone = !hasOther || this.#side === 'A';
    const backoff = this.#o.backoff ?? { initialMs: 1000, maxMs: 30_000 };
    const rounds = hasOther ? Math.floor((this.#failures - 1) / 2) : this.#failures - 1;
    const delay = this.#failures === 1 && hasOther ? 0 : roundDone ? Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, rounds)) : 0;
    this.#o.log.info(`CTI link: ${reason}; ${delay === 0 ? 'trying' : `retrying in ${delay} ms on`} side ${this.#side}`);
    this.#later(delay, () => this.#connect());
  }

  #setState(state: LinkState, side: SideName | undefined, reason: string): void {
    if (this.#state === state && state === 'OUT_OF_SERVICE') return;
    this.#state = state;
    this.#o.log.info(`CTI link ${state}${side ? ` (side ${side})` : ''}: ${reason}`);
    for (const listener of [...this.#stateListeners]) {
      try {
        listener({ state, side, reason });
      } catch (error) {
        this.#o.log.error(`CTI link: state listener failed: ${(error as Error)?.message ?? String(error)}`);
      }
    }
  }
}
