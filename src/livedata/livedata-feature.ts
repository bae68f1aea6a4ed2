// The Live Data service (issue 9) on its own TLS port (`livedata`, 12015): a JSON stream over WebSocket
// at /livedata/stream, checked against the `livedata` CORS allow-list and authenticated with HTTP Basic
// (the Authorization header on the upgrade, or — browsers cannot set it — an `auth` message first).
// The reports and the fan-out are pure (reports.ts, livedata-hub.ts); this file is the glue. Protocol:
// docs/livedata.md.
import { WebSocketServer, type WebSocket } from 'ws';
import type { Duplex } from 'node:stream';
import type { HttpAuthenticator } from '../auth/http-auth.js';
import type { ContactCenter } from '../contact-center/contact-center.js';
import type { CorsGate } from '../http/cors/cors-gate.js';
import { withCors } from '../http/cors/cors-gate.js';
import { createHttpRoutes } from '../http/http-routes.js';
import { createHttpsListener } from '../http/https-listener.js';
import type { Clock } from '../shared/clock.js';
import { sanitizeForLog, type Logger } from '../shared/logger.js';
import type { Stores, UserRecord } from '../storage/stores.js';
import { createLiveDataHub, type Viewer } from './livedata-hub.js';
import { parseClientMessage } from './livedata-protocol.js';
import { livedataGadgetRoutes } from './livedata-gadget.js';

export const STREAM_PATH = '/livedata/stream';

export interface LiveDataSettings {
  readonly maxUpdatesPerSecond: number;
  readonly maxBufferedBytes: number;
  /** Largest client message (bytes). */
  readonly maxMessageBytes: number;
  /** Time a browser has to send its `auth` message. */
  readonly authTimeoutMs: number;
  /** Malformed or refused messages tolerated before the connection is closed. */
  readonly maxErrors: number;
}

export const DEFAULT_LIVEDATA_SETTINGS: LiveDataSettings = {
  maxUpdatesPerSecond: 4, maxBufferedBytes: 1024 * 1024, maxMessageBytes: 4096, authTimeoutMs: 10_000, maxErrors: 5,
};

export interface LiveDataDeps {
  readonly contactCenter: ContactCenter;
  readonly stores: Stores;
  readonly auth: HttpAuthenticator;
  readonly cors: CorsGate;
  readonly tlsOptions: () => { key: string; cert: string };
  readonly clock: Clock;
  readonly log: Logger;
  readonly settings?: Partial<LiveDataSettings>;
}

function refuse(socket: Duplex, status: number, text: string, extra = ''): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n${extra}Content-Length: ${Buffer.byteLength(text) + 1}\r\n\r\n${text}\n`);
}

export function liveDataFeature(deps: LiveDataDeps) {
  const settings = { ...DEFAULT_LIVEDATA_SETTINGS, ...deps.settings };
  const { log } = deps;
  const hub = createLiveDataHub(
    { contactCenter: deps.contactCenter, users: deps.stores.users, teams: deps.stores.teams, queues: deps.stores.queues },
    deps.clock, settings,
  );
  const offEvents = deps.contactCenter.onEvent((e) => hub.onDomainEvent(e));
  const wss = new WebSocketServer({ noServer: true, maxPayload: settings.maxMessageBytes, perMessageDeflate: false, clientTracking: true });
  const routes = createHttpRoutes();

  routes.route(['/livedata', '/livedata/'], withCors(deps.cors, 'livedata', (_req, res) => {
    const body = JSON.stringify({ service: 'Parley Live Data', stream: STREAM_PATH, reports: ['agents', 'teams', 'queues'], docs: 'docs/livedata.md' });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(body);
  }));
  livedataGadgetRoutes(routes);

  const serve = (ws: WebSocket, user: UserRecord, remote: string): void => {
    const viewer: Viewer = hub.attach(user, {
      send: (text) => { if (ws.readyState === ws.OPEN) ws.send(text); },
      buffered: () => ws.bufferedAmount,
      close: (code, reason) => ws.close(code, reason),
    });
    log.info(`Live Data: ${user.id} connected from ${remote}`);
    let errors = 0;
    ws.send(JSON.stringify({ type: 'ready', user: user.id, reports: ['agents', 'teams', 'queues'] }));
    ws.on('message', (data, isBinary) => {
      const msg = parseClientMessage(isBinary ? null : data.toString());
      if (!msg.ok) {
        errors++;
        ws.send(JSON.stringify({ type: 'error', message: msg.error }));
        if (errors >= settings.maxErrors) ws.close(1008, 'too many malformed messages');
        return;
      }
      const m = msg.value;
      if (m.type === 'subscribe') viewer.subscribe(m.report);
      else if (m.type === 'unsubscribe') viewer.unsubscribe(m.report);
      else if (m.type === 'ping') ws.send(JSON.stringify({ type: 'pong', at: deps.clock.now() }));
      else if (m.type === 'auth') ws.send(JSON.stringify({ type: 'error', message: 'already signed in' }));
    });
    ws.on('close', () => { viewer.remove(); log.info(`Live Data: ${user.id} disconnected`); });
  };

  routes.upgrade([STREAM_PATH], function liveDataUpgrade(req, socket, head, ctx) {
    const origin = req.headers.origin;
    if (!deps.cors.isAllowed('livedata', origin, ctx.ownOrigin)) {
      log.info(`Live Data: refused the Origin ${sanitizeForLog(String(origin), 200)} from ${ctx.remoteAddress} (not on the livedata allow-list)`);
      return refuse(socket, 403, 'Origin not allowed');
    }
    let user: UserRecord | undefined;
    if (req.headers.authorization) {
      const outcome = deps.auth.authenticate(req.headers.authorization);
      if (!outcome.ok) return refuse(socket, 401, outcome.failure === 'locked' ? 'Account locked' : 'Unauthorized', 'WWW-Authenticate: Basic realm="Parley Live Data"\r\n');
      user = outcome.user;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => ws.terminate());
      if (user) return serve(ws, user, ctx.remoteAddress);
      // A browser: the first message must be {"type":"auth","authorization":"Basic …"}.
      const timer = deps.clock.setTimeout(() => ws.close(1008, 'no auth message in time'), settings.authTimeoutMs);
      ws.once('message', (data, isBinary) => {
        timer.cancel();
        const msg = parseClientMessage(isBinary ? null : data.toString());
        if (!msg.ok || msg.value.type !== 'auth') return ws.close(1008, 'the first message must be {"type":"auth",…}');
        const outcome = deps.auth.authenticate(msg.value.authorization);
        if (!outcome.ok) return ws.close(1008, outcome.failure === 'locked' ? 'account locked' : 'unauthorized');
        serve(ws, outcome.user, ctx.remoteAddress);
      });
    });
  });

  const listener = createHttpsListener({ name: 'livedata', routes, tlsOptions: deps.tlsOptions, log });

  return {
    hub,
    server: listener.server,
    listen: (port: number, host: string) => listener.listen(port, host),
    async close(): Promise<void> {
      offEvents();
      hub.close();
      for (const c of wss.clients) c.terminate();
      wss.close();
      await listener.close();
    },
  };
}
