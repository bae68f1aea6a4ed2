// One CTI client session on the server side (GED-188 "Session Management"): OPEN_REQ/CONF with the
// version check, HEARTBEAT_REQ/CONF, CLOSE_REQ/CONF, FAILURE_CONF for what cannot be read or served,
// idle-timeout detection, and a pluggable handler for every other request (the ACD/CTI mapping).
// Socket-free: bytes come in through push(), go out through the transport; the clock is injected.
import {
  CtiFrameParser, FailureStatus, PROTOCOL_VERSION, PeripheralType, ServiceMask, decodeMessage, encodeMessage,
  failureStatusFor, formatCtiMessage, ctiMessageName, type CtiFrame, type CtiMessage, type CtiMessageOf,
} from '../codec/index.js';
import type { Clock, TimerHandle } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';

export interface CtiSessionTransport {
  write(bytes: Buffer): void;
  /** Ends the connection (after flushing what was written). */
  close(): void;
  /** For log lines: "127.0.0.1:53422 (CN=…)". */
  readonly peer: string;
}

/** Serves a request the session layer does not: SET_AGENT_STATE_REQ, QUERY_AGENT_STATE_REQ, calls… */
export type CtiRequestHandler = (session: CtiServerSession, msg: CtiMessage) => void | Promise<void>;

export const NOT_YET_SUPPORTED = 'not yet supported';

/** The default handler: FAILURE_CONF E_CTI_FUNCTION_NOT_AVAILABLE "not yet supported". */
export const notSupportedHandler: CtiRequestHandler = (session, msg) => {
  const invokeId = invokeIdOf(msg);
  if (invokeId !== undefined) session.fail(invokeId, FailureStatus.E_CTI_FUNCTION_NOT_AVAILABLE, NOT_YET_SUPPORTED);
};

/** Services this server can grant; the rest of a request's ServicesRequested is masked off. */
export const SUPPORTED_SERVICES = ServiceMask.CTI_SERVICE_CLIENT_EVENTS | ServiceMask.CTI_SERVICE_CALL_DATA_UPDATE |
  ServiceMask.CTI_SERVICE_CLIENT_CONTROL | ServiceMask.CTI_SERVICE_ALL_EVENTS | ServiceMask.CTI_SERVICE_PERIPHERAL_MONITOR |
  ServiceMask.CTI_SERVICE_SUPERVISOR | ServiceMask.CTI_SERVICE_AGENT_REPORTING | ServiceMask.CTI_SERVICE_UPDATE_EVENTS;

/** OPEN_REQ IdleTimeout meaning "this client sends no HEARTBEAT_REQ". */
export const NO_IDLE_TIMEOUT = 0xffff_ffff;

export interface CtiServerSessionOptions {
  readonly id: number;
  readonly transport: CtiSessionTransport;
  readonly clock: Clock;
  readonly log: Logger;
  /** Oldest OPEN_REQ VersionNumber accepted; newer than PROTOCOL_VERSION is accepted and served as it. */
  readonly minProtocolVersion: number;
  readonly handleRequest?: CtiRequestHandler;
  readonly peripheralId?: number;
  /** The session closed (either side); the listener forgets it. */
  readonly onClosed?: (session: CtiServerSession) => void;
  /** OPEN_CONF was sent: unsolicited events may flow (the ACD bridge sends SYSTEM_EVENT here). */
  readonly onOpened?: (session: CtiServerSession) => void;
  /** Largest accepted MessageLength (codec default otherwise). */
  readonly maxMessageLength?: number;
}

export type CtiSessionState = 'awaiting-open' | 'open' | 'closed';

export class CtiServerSession {
  readonly id: number;
  #state: CtiSessionState = 'awaiting-open';
  #servicesGranted = 0;
  #versionNumber = 0;
  #clientId = '';
  #openRequest: CtiMessageOf<'OPEN_REQ'> | undefined;
  #idleTimer: TimerHandle | undefined;
  #idleTimeoutMs = 0;
  readonly #o: CtiServerSessionOptions;
  readonly #parser: CtiFrameParser;
  readonly #handle: CtiRequestHandler;
  /** The peer stopped sending within its IdleTimeout (heartbeats lost). */
  idleTimedOut = false;

  constructor(options: CtiServerSessionOptions) {
    this.#o = options;
    this.id = options.id;
    this.#handle = options.handleRequest ?? notSupportedHandler;
    this.#parser = new CtiFrameParser((event) => {
      if (event.kind === 'frame') this.#onFrame(event.frame);
      else {
        this.#o.log.warn(`CTI session ${this.id} ${this.#o.transport.peer}: framing error ${event.error} ` +
          `(MessageType ${event.type}, MessageLength ${event.length}); closing the connection`);
        this.close('framing error');
      }
    }, options.maxMessageLength === undefined ? {} : { maxMessageLength: options.maxMessageLength });
  }

  get state(): CtiSessionState { return this.#state; }
  get servicesGranted(): number { return this.#servicesGranted; }
  get versionNumber(): number { return this.#versionNumber; }
  get clientId(): string { return this.#clientId; }
  get peer(): string { return this.#o.transport.peer; }
  /** The OPEN_REQ that opened the session (its agent fields bind a Client Events session). */
  get openRequest(): CtiMessageOf<'OPEN_REQ'> | undefined { return this.#openRequest; }

  /** Bytes from the connection, in any split. */
  push(chunk: Uint8Array): void {
    if (this.#state === 'closed') return;
    this.#parser.push(chunk);
  }

  send(msg: CtiMessage): void {
    if (this.#state === 'closed') return;
    if (this.#o.log.isDebugEnabled()) {
      this.#o.log.debug(`CTI session ${this.id}: sent [cti_message=${formatCtiMessage(msg)}][cti_message_name=${ctiMessageName(msg)}]`);
    }
    this.#o.transport.write(encodeMessage(msg));
  }

  fail(invokeId: number, status: number, text?: string): void {
    this.send(text === undefined ? { type: 'FAILURE_CONF', invokeId, status } : { type: 'FAILURE_CONF', invokeId, status, text });
  }

  /** Whether an unsolicited event should reach this session (open, and granted one of `mask`). */
  wants(mask: number): boolean {
    return this.#state === 'open' && (this.#servicesGranted & mask) !== 0;
  }

  close(reason: string): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#idleTimer?.cancel();
    this.#o.log.info(`CTI session ${this.id} ${this.#o.transport.peer} closed: ${reason}`);
    this.#o.transport.close();
    this.#o.onClosed?.(this);
  }

  /** The transport ended from the other side. */
  transportClosed(): void {
    this.close('connection closed by the client');
  }

  #armIdle(): void {
    if (this.#idleTimeoutMs <= 0) return;
    this.#idleTimer?.cancel();
    this.#idleTimer = this.#o.clock.setTimeout(() => {
      this.idleTimedOut = true;
      this.#o.log.warn(`CTI session ${this.id} ${this.#o.transport.peer}: nothing received for ${this.#idleTimeoutMs / 1000} s ` +
        '(IdleTimeout; heartbeats lost); closing the connection');
      this.close('idle timeout');
    }, this.#idleTimeoutMs);
  }

  #onFrame(frame: CtiFrame): void {
    if (this.#state === 'closed') return;
    this.#armIdle();
    const decoded = decodeMessage(frame);
    if (!decoded.ok) {
      // Every request starts with its InvokeID; answer FAILURE_CONF when there is one to echo.
      const invokeId = frame.body.length >= 4 ? Buffer.from(frame.body.buffer, frame.body.byteOffset, 4).readUInt32BE(0) : undefined;
      this.#o.log.warn(`CTI session ${this.id} ${this.#o.transport.peer}: undecodable message (MessageType ${frame.type}): ` +
        `${decoded.error}${decoded.text ? ` ${decoded.text}` : ''}`);
      if (invokeId === undefined) this.close('undecodable message without an InvokeID');
      else this.fail(invokeId, failureStatusFor(decoded.error), decoded.error);
      return;
    }
    const msg = decoded.value;
    if (this.#o.log.isDebugEnabled()) {
      this.#o.log.debug(`CTI session ${this.id}: received [cti_message=${formatCtiMessage(msg)}][cti_message_name=${ctiMessageName(msg)}]`);
    }
    switch (msg.type) {
      case 'OPEN_REQ': return this.#open(msg);
      case 'HEARTBEAT_REQ':
        if (this.#state !== 'open') return this.fail(msg.invokeId, FailureStatus.E_CTI_SESSION_NOT_OPEN);
        return this.send({ type: 'HEARTBEAT_CONF', invokeId: msg.invokeId });
      case 'CLOSE_REQ':
        this.send({ type: 'CLOSE_CONF', invokeId: msg.invokeId });
        return this.close(`CLOSE_REQ (status ${msg.status})`);
      default: break;
    }
    const invokeId = invokeIdOf(msg);
    if (this.#state !== 'open') {
      if (invokeId !== undefined) this.fail(invokeId, FailureStatus.E_CTI_SESSION_NOT_OPEN);
      return;
    }
    let result: void | Promise<void>;
    try {
      result = this.#handle(this, msg);
    } catch (error) {
      return this.#handlerFailed(msg, invokeId, error);
    }
    if (result instanceof Promise) result.catch((error: unknown) => this.#handlerFailed(msg, invokeId, error));
  }

  #handlerFailed(msg: CtiMessage, invokeId: number | undefined, error: unknown): void {
    this.#o.log.error(`CTI session ${this.id}: handler failed on ${msg.type}: ${(error as Error)?.stack ?? String(error)}`);
    if (invokeId !== undefined) this.fail(invokeId, FailureStatus.E_CTI_UNSPECIFIED_FAILURE);
  }

  #open(msg: CtiMessageOf<'OPEN_REQ'>): void {
    if (this.#state === 'open') return this.fail(msg.invokeId, FailureStatus.E_CTI_SESSION_ALREADY_OPEN);
    if (msg.versionNumber < this.#o.minProtocolVersion) {
      this.#o.log.warn(`CTI session ${this.id} ${this.#o.transport.peer}: OPEN_REQ VersionNumber ${msg.versionNumber} ` +
        `is older than the oldest supported (${this.#o.minProtocolVersion}); refusing the session`);
      this.fail(msg.invokeId, FailureStatus.E_CTI_INVALID_VERSION, `protocol version ${msg.versionNumber} not supported`);
      return this.close('protocol version too old');
    }
    this.#state = 'open';
    this.#versionNumber = Math.min(msg.versionNumber, PROTOCOL_VERSION);
    this.#clientId = msg.clientId;
    this.#openRequest = msg;
    this.#servicesGranted = ((msg.servicesRequested >>> 0) & SUPPORTED_SERVICES) >>> 0;
    this.#idleTimeoutMs = msg.idleTimeout === NO_IDLE_TIMEOUT || msg.idleTimeout === 0 ? 0 : msg.idleTimeout * 1000;
    this.#armIdle();
    const peripheralId = this.#o.peripheralId ?? 5000;
    this.send({
      type: 'OPEN_CONF', invokeId: msg.invokeId, servicesGranted: this.#servicesGranted, monitorId: 0, pgStatus: 0,
      icmCentralControllerTime: Math.floor(this.#o.clock.now() / 1000) >>> 0, peripheralOnline: true,
      peripheralType: PeripheralType.PT_ENTERPRISE_AGENT, agentState: 0, departmentId: 0, sessionType: 1,
      numPeripherals: 1, peripherals: [{ peripheralId, multilineAgentControl: 0 }],
    });
    this.#o.log.info(`CTI session ${this.id} ${this.#o.transport.peer} open: client ${JSON.stringify(msg.clientId)}, ` +
      `version ${msg.versionNumber}, services granted 0x${this.#servicesGranted.toString(16)}, idle timeout ` +
      `${this.#idleTimeoutMs === 0 ? 'none' : `${msg.idleTimeout} s`}`);
    this.#o.onOpened?.(this);
  }
}

export function invokeIdOf(msg: CtiMessage): number | undefined {
  const v = (msg as { invokeId?: unknown }).invokeId;
  return typeof v === 'number' ? v : undefined;
}
