// One HTTPS listener (the `https` port with the tomcat identity, the `notification` port with the
// notification identity) dispatching to the shared route table. Slow or oversized requests are cut off
// by Node's own limits, set explicitly here.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { listenOn } from '../shared/listen.js';
import type { Logger } from '../shared/logger.js';
import type { HttpContext, HttpRoutes, ListenerName } from './http-routes.js';

export interface HttpsListenerOptions {
  name: ListenerName;
  routes: HttpRoutes;
  tlsOptions: () => { key: string; cert: string };
  log: Logger;
  /** Largest request head (Openfire uses 32 KiB). */
  maxHeaderBytes?: number;
  /** Time allowed to receive a whole request (slow uploads are cut off). */
  requestTimeoutMs?: number;
  headersTimeoutMs?: number;
  /** Metrics hook (issue 10): the status code of every response, refusals of malformed requests included. */
  onResponse?: (status: number) => void;
}

export interface HttpsListener {
  server: Server;
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

function pathOf(url: string | undefined): string {
  const u = url ?? '/';
  const q = u.indexOf('?');
  return q < 0 ? u : u.slice(0, q);
}

function contextOf(req: IncomingMessage, name: ListenerName): HttpContext {
  return {
    listener: name,
    isSecure: true,
    remoteAddress: req.socket.remoteAddress ?? '?',
    ownOrigin: `https://${req.headers.host ?? 'localhost'}`,
  };
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
}

export function createHttpsListener(opts: HttpsListenerOptions): HttpsListener {
  const requestTimeout = opts.requestTimeoutMs ?? 30_000;
  const server = createServer({
    ...opts.tlsOptions(),
    maxHeaderSize: opts.maxHeaderBytes ?? 32 * 1024,
    requestTimeout,
    // Node requires headersTimeout <= requestTimeout, and checks both only every connectionsCheckingInterval.
    headersTimeout: Math.min(opts.headersTimeoutMs ?? 20_000, requestTimeout),
    connectionsCheckingInterval: Math.min(30_000, Math.max(250, Math.floor(requestTimeout / 4))),
    keepAliveTimeout: 65_000,
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (opts.onResponse) res.once('finish', () => opts.onResponse?.(res.statusCode));
    const handler = opts.routes.find(pathOf(req.url));
    if (!handler) return notFound(res);
    try {
      handler(req, res, contextOf(req, opts.name));
    } catch (e) {
      opts.log.error(`HTTP handler for ${pathOf(req.url)} failed: ${(e as Error)?.stack ?? e}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Internal server error\n');
      else res.destroy();
    }
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
    const handler = opts.routes.findUpgrade(pathOf(req.url));
    if (!handler) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    handler(req, socket, head, contextOf(req, opts.name));
  });
  server.on('tlsClientError', (e: Error) => opts.log.debug(`TLS handshake failed on the ${opts.name} port: ${e.message}`));
  server.on('clientError', (e: Error & { code?: string }, socket: Duplex) => {
    // A request (or its headers) not received within requestTimeout/headersTimeout: 408, as Node would.
    const status = e.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    opts.onResponse?.(Number(status.slice(0, 3)));
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    else socket.destroy();
  });

  return {
    server,
    listen: (port, host) => listenOn(server, port, host),
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}
