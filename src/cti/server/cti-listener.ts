// The embedded CTI server's listener: GED-188 over mutual TLS only ([seed 004]: "unsecured mode is
// not supported"). TLS 1.2+, the client certificate is mandatory, must chain to the trust bundle and
// carry the clientAuth EKU. A connection whose first byte is not a TLS handshake record (0x16) is
// plain TCP and is closed before any TLS; every refusal is one log line naming the reason.
//
// A plain net.Server accepts; the first byte decides; TLS connections are handed to a tls.Server
// (which attachHotReload keeps on the current 'cti-server' certificate).
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer, type TLSSocket } from 'node:tls';
import { attachHotReload, type TlsIdentitySource } from '../../pki/cert-store.js';
import type { Clock } from '../../shared/clock.js';
import { sanitizeForLog, type Logger } from '../../shared/logger.js';
import { ServiceMask, type CtiMessage } from '../codec/index.js';
import { CtiServerSession, notSupportedHandler as defaultHandler, type CtiRequestHandler } from './cti-session.js';
import { EKU_CLIENT_AUTH, UNSECURED_MODE, describeHandshakeError } from './refusal.js';

const TLS_HANDSHAKE_RECORD = 0x16;

export interface CtiListenerOptions {
  readonly certs: TlsIdentitySource;
  readonly clock: Clock;
  readonly log: Logger;
  /** Oldest OPEN_REQ VersionNumber accepted. */
  readonly minProtocolVersion: number;
  /** Requests beyond the session layer; default FAILURE_CONF "not yet supported". Replaceable later. */
  readonly handleRequest?: CtiRequestHandler;
  /** A connection that sends nothing (no ClientHello) for this long is closed as plain TCP. */
  readonly firstByteTimeoutMs?: number;
  readonly handshakeTimeoutMs?: number;
  readonly peripheralId?: number;
  /** Told when a session is open (after OPEN_CONF) and when it closes: the ACD bridge fans events out to them. */
  readonly sessionHooks?: CtiSessionHooks;
}

export interface CtiSessionHooks {
  sessionOpened(session: CtiServerSession): void;
  sessionClosed(session: CtiServerSession): void;
}

export interface CtiListener {
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
  /** Sends an unsolicited event to every open session granted one of `services`; returns how many. */
  broadcast(event: CtiMessage, services?: number, filter?: (session: CtiServerSession) => boolean): number;
  /** Replaces the handler of non-session requests (the ACD simulator plugs in here). */
  setRequestHandler(handler: CtiRequestHandler | undefined): void;
  readonly sessions: ReadonlySet<CtiServerSession>;
  readonly tlsServer: TlsServer;
}

const DEFAULT_EVENT_SERVICES = ServiceMask.CTI_SERVICE_CLIENT_EVENTS | ServiceMask.CTI_SERVICE_ALL_EVENTS;

export function createCtiListener(options: CtiListenerOptions): CtiListener {
  const { certs, clock, log } = options;
  const firstByteTimeoutMs = options.firstByteTimeoutMs ?? 10_000;
  const sessions = new Set<CtiServerSession>();
  const sockets = new Set<Socket>();
  let handler = options.handleRequest;
  let nextId = 1;

  // Remembered at accept time: a TLS socket destroyed by a failed handshake no longer knows its peer.
  const peers = new WeakMap<Socket, string>();
  const peerOf = (s: Socket): string => {
    const known = peers.get(s) ?? peers.get((s as Socket & { _parent?: Socket })._parent as Socket);
    return known ?? `${s.remoteAddress ?? '?'}:${s.remotePort ?? '?'}`;
  };
  const refuse = (peer: string, reason: string): void => log.warn(`CTI server refused ${peer}: ${reason}`);

  const tlsServer = createTlsServer({
    ...certs.secureContextOptions('cti-server'),
    minVersion: 'TLSv1.2',
    requestCert: true,
    rejectUnauthorized: true,
    handshakeTimeout: options.handshakeTimeoutMs ?? 10_000,
  });
  const stopReload = attachHotReload(tlsServer, certs, 'cti-server');

  tlsServer.on('tlsClientError', (error: NodeJS.ErrnoException, socket: TLSSocket) => {
    refuse(peerOf(socket), describeHandshakeError(error, socket.authorizationError as unknown as string | null));
    socket.destroy();
  });

  tlsServer.on('secureConnection', (socket: TLSSocket) => {
    socket.on('error', () => { /* reported through 'close' */ });
    // Small request/confirm messages: without this, Nagle's algorithm holds each answer for the peer's ACK.
    socket.setNoDelay(true);
    const peer = peerOf(socket);
    const cert = socket.getPeerCertificate();
    const eku = cert.ext_key_usage ?? [];
    if (!eku.includes(EKU_CLIENT_AUTH)) {
      refuse(peer, `client certificate without the clientAuth EKU (subject ${sanitizeForLog(String(cert.subject?.CN ?? '?'), 200)})`);
      socket.destroy();
      return;
    }
    const cn = sanitizeForLog(String(cert.subject?.CN ?? '?'), 200);
    const session = new CtiServerSession({
      id: nextId++,
      transport: {
        peer: `${peer} (CN=${cn})`,
        write: (bytes) => { if (!socket.destroyed) socket.write(bytes); },
        close: () => {
          socket.end();
          clock.setTimeout(() => socket.destroy(), 1000);
        },
      },
      clock,
      log,
      minProtocolVersion: options.minProtocolVersion,
      handleRequest: (s, msg) => (handler ?? defaultHandler)(s, msg),
      ...(options.peripheralId === undefined ? {} : { peripheralId: options.peripheralId }),
      onClosed: (s) => { sessions.delete(s); options.sessionHooks?.sessionClosed(s); },
      ...(options.sessionHooks ? { onOpened: (s: CtiServerSession) => options.sessionHooks?.sessionOpened(s) } : {}),
    });
    sessions.add(session);
    log.info(`CTI server accepted ${peer} (CN=${cn}, ${socket.getProtocol() ?? 'TLS'})`);
    socket.on('data', (chunk: Buffer) => session.push(chunk));
    socket.on('close', () => session.transportClosed());
  });

  const front: NetServer = createNetServer((raw) => {
    sockets.add(raw);
    raw.on('close', () => sockets.delete(raw));
    raw.on('error', () => { /* a reset before or during the handshake; the TLS side logs it */ });
    const peer = `${raw.remoteAddress ?? '?'}:${raw.remotePort ?? '?'}`;
    peers.set(raw, peer);
    const timer = clock.setTimeout(() => {
      refuse(peer, `no TLS ClientHello within ${firstByteTimeoutMs / 1000} s (plain TCP?): ${UNSECURED_MODE}`);
      raw.destroy();
    }, firstByteTimeoutMs);
    raw.once('close', () => timer.cancel());
    raw.once('data', (chunk: Buffer) => {
      timer.cancel();
      if (chunk[0] !== TLS_HANDSHAKE_RECORD) {
        refuse(peer, `plain TCP, not TLS: ${UNSECURED_MODE}`);
        raw.destroy();
        return;
      }
      raw.pause();
      raw.unshift(chunk);
      tlsServer.emit('connection', raw);
      process.nextTick(() => raw.resume());
    });
  });

  return {
    tlsServer,
    sessions,
    setRequestHandler(h) { handler = h; },
    listen(port, host) {
      return new Promise((resolve, reject) => {
        front.once('error', reject);
        front.listen(port, host, () => {
          front.off('error', reject);
          const address = front.address();
          const bound = typeof address === 'object' && address !== null ? address.port : port;
          log.info(`CTI server listening on port ${bound} (mutual TLS; ${UNSECURED_MODE})`);
          resolve(bound);
        });
      });
    },
    broadcast(event, services = DEFAULT_EVENT_SERVICES, filter) {
      let n = 0;
      for (const s of sessions) {
        if (!s.wants(services) || (filter && !filter(s))) continue;
        s.send(event);
        n++;
      }
      return n;
    },
    async close() {
      stopReload();
      const closed = new Promise<void>((resolve) => front.close(() => resolve()));
      for (const s of [...sessions]) s.close('CTI server stopping');
      for (const raw of sockets) raw.destroy();
      await closed;
    },
  };
}

