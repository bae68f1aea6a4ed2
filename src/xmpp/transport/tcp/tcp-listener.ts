// The `xmpp` (STARTTLS) and `xmpps` (direct TLS) listeners. Each accepted connection becomes a
// TcpTransport handed to `onTransport`, which attaches a session. Per-address connection limits and a
// TLS handshake timeout keep silent or abusive peers from piling up.
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type SecureContext, type TLSSocket } from 'node:tls';
import { listenOn } from '../../../shared/listen.js';
import type { Logger } from '../../../shared/logger.js';
import type { StreamParserLimits } from '../../../xml/stream-parser.js';
import { TcpTransport } from './tcp-transport.js';

export interface TcpListenerOptions {
  directTls: boolean;
  secureContext: () => SecureContext;
  /** Key and certificate for the direct-TLS listener (hot reload: setSecureContext on `server`). */
  tlsOptions: () => { key: string; cert: string };
  limits: StreamParserLimits;
  maxConnectionsPerIp: number;
  maxPendingBytes: number;
  onTransport(transport: TcpTransport): void;
  log: Logger;
  /** Sees the TLS socket of each STARTTLS upgrade before its handshake (the TLS key log, issue 10). */
  onTlsSocket?: (socket: TLSSocket) => void;
}

export interface TcpListener {
  server: Server;
  listen(port: number, host: string): Promise<number>;
  /** Stops accepting; existing connections are closed by their sessions. */
  close(): Promise<void>;
  readonly connections: number;
}

export function createTcpListener(opts: TcpListenerOptions): TcpListener {
  const perIp = new Map<string, number>();
  let connections = 0;
  // One warning per address per minute, with the count, so a flood cannot flood the log too.
  const refusals = new Map<string, { since: number; count: number }>();
  const logRefusal = (ip: string): void => {
    const now = Date.now();
    const r = refusals.get(ip);
    if (r && now - r.since < 60_000) {
      r.count++;
      return;
    }
    const extra = r && r.count > 0 ? ` (${r.count} more refused in the last minute)` : '';
    refusals.set(ip, { since: now, count: 0 });
    opts.log.warn(`Refusing connections from ${ip}: more than ${opts.maxConnectionsPerIp} connections from one address${extra}`);
  };

  const accept = (socket: Socket): void => {
    const ip = socket.remoteAddress ?? '?';
    const n = (perIp.get(ip) ?? 0) + 1;
    if (n > opts.maxConnectionsPerIp) {
      logRefusal(ip);
      socket.destroy();
      return;
    }
    perIp.set(ip, n);
    connections++;
    socket.once('close', () => {
      connections--;
      const left = (perIp.get(ip) ?? 1) - 1;
      if (left <= 0) perIp.delete(ip);
      else perIp.set(ip, left);
    });
    socket.on('error', () => {});
    const transport = new TcpTransport(socket, {
      directTls: opts.directTls,
      secureContext: opts.secureContext,
      limits: opts.limits,
      maxPendingBytes: opts.maxPendingBytes,
      ...(opts.onTlsSocket ? { onTlsSocket: opts.onTlsSocket } : {}),
    });
    opts.onTransport(transport);
  };

  const server: Server = opts.directTls
    ? createTlsServer({ ...opts.tlsOptions(), handshakeTimeout: 15_000 }, (s: TLSSocket) => accept(s))
    : createNetServer(accept);
  server.on('tlsClientError', (e: Error, s: TLSSocket) => {
    opts.log.debug(`TLS handshake failed with ${s.remoteAddress}: ${e.message}`);
  });
  server.maxConnections = 100_000;

  return {
    server,
    get connections() { return connections; },
    listen: (port, host) => listenOn(server, port, host),
    close() {
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
