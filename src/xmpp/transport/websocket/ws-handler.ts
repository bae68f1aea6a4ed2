// The `/ws` and `/ws/` endpoints on both HTTPS listeners ([notification-service] §2.3; Finesse clients use
// `wss://host:port/ws/`, [finesse-api] §5.2): checks the handshake, upgrades with `ws` in noServer mode,
// and hands each WebSocket to the notification service as a WebSocketTransport.
//
// Handshake refusals, before any upgrade:
// - an Origin the `notification` CORS policy does not allow → 403 ([contract] "HTTP behaviour", [pki-cors]);
// - no `xmpp` in Sec-WebSocket-Protocol → 400: the request lacks what RFC 7395 §3.1 requires of the
//   client (Prosody answers 501; a client without the subprotocol fails either way);
// - more WebSocket connections from one address than xmpp.maxConnectionsPerIp → 503.
// A plain GET (no Upgrade) gets 426 Upgrade Required.
import { outputCapBytes } from '../output-cap.js';
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ParleyConfig } from '../../../config/schema.js';
import type { HttpRoutes } from '../../../http/http-routes.js';
import type { CorsGate } from '../../../http/cors/cors-gate.js';
import { sanitizeForLog, type Logger } from '../../../shared/logger.js';
import type { AttachableTransport } from '../../notification-service.js';
import { offersXmppSubprotocol, XMPP_SUBPROTOCOL } from './ws-framing.js';
import { WebSocketTransport } from './ws-transport.js';

export const WEBSOCKET_PATHS = ['/ws', '/ws/'] as const;
/** Prosody's c2s_close_timeout: how long a closing peer may take before the socket is destroyed. */
const CLOSE_GRACE_MS = 5_000;

export interface WebSocketFeatureDeps {
  routes: HttpRoutes;
  notification: {
    accept(transport: AttachableTransport): unknown;
  };
  /** The shared CORS module; WebSocket uses only its origin check (`notification` list). */
  originPolicy: CorsGate;
  config: Pick<ParleyConfig, 'xmpp' | 'websocket'>;
  log: Logger;
}

export function websocketFeature(deps: WebSocketFeatureDeps) {
  const { config, log } = deps;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.websocket.maxFrameBytes,
    perMessageDeflate: false,
    clientTracking: false,
    handleProtocols: (offered) => (offered.has(XMPP_SUBPROTOCOL) ? XMPP_SUBPROTOCOL : false),
  });
  const perIp = new Map<string, number>();
  let connections = 0;

  const track = (ip: string, ws: { once(event: 'close', fn: () => void): unknown }): void => {
    connections++;
    perIp.set(ip, (perIp.get(ip) ?? 0) + 1);
    ws.once('close', () => {
      connections--;
      const left = (perIp.get(ip) ?? 1) - 1;
      if (left <= 0) perIp.delete(ip);
      else perIp.set(ip, left);
    });
  };

  deps.routes.upgrade(WEBSOCKET_PATHS, function xmppWebSocketUpgrade(req, socket, head, ctx) {
    const origin = req.headers.origin;
    const verdict = deps.originPolicy.verdict('notification', origin, ctx.ownOrigin);
    if (verdict !== 'absent' && verdict !== 'same-origin' && verdict !== 'listed') {
      log.debug(`WebSocket from ${ctx.remoteAddress} refused: Origin ${sanitizeForLog(String(origin), 200)} is not allowed (${verdict})`);
      return refuse(socket, 403, 'Origin not allowed\n');
    }
    if (!offersXmppSubprotocol(req.headers['sec-websocket-protocol'])) {
      log.debug(`WebSocket from ${ctx.remoteAddress} refused: no "xmpp" subprotocol`);
      return refuse(socket, 400, 'The WebSocket subprotocol "xmpp" is required (RFC 7395 3.1)\n');
    }
    if ((perIp.get(ctx.remoteAddress) ?? 0) >= config.xmpp.maxConnectionsPerIp) {
      log.warn(`Refusing WebSocket from ${ctx.remoteAddress}: more than ${config.xmpp.maxConnectionsPerIp} connections from one address`);
      return refuse(socket, 503, 'Too many connections\n');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      track(ctx.remoteAddress, ws);
      const transport = new WebSocketTransport(ws, {
        remoteAddress: remoteAddressOf(req),
        limits: { maxBytes: config.xmpp.stanzaSizeLimit, maxDepth: config.xmpp.maxDepth },
        maxBufferedBytes: outputCapBytes(config),
        pingIntervalMs: config.websocket.pingIntervalS * 1000,
        closeGraceMs: CLOSE_GRACE_MS,
      });
      deps.notification.accept(transport);
    });
  });

  deps.routes.route(WEBSOCKET_PATHS, function xmppWebSocketPlain(_req, res) {
    res.writeHead(426, { 'content-type': 'text/plain; charset=utf-8', upgrade: 'websocket', connection: 'Upgrade', 'cache-control': 'no-store' })
      .end('XMPP over WebSocket (RFC 7395): connect with a WebSocket client and the "xmpp" subprotocol\n');
  });

  return {
    /** Open XMPP WebSocket connections. */
    get connections(): number {
      return connections;
    },
  };
}

function remoteAddressOf(req: IncomingMessage): string {
  return `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
}

/** Answers an upgrade request with a plain HTTP error and closes the connection. */
function refuse(socket: Duplex, status: number, body: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\n` +
    `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
}
