// The composition root: buildServer(config) wires every subsystem with explicit dependencies and
// listens only in start(). Tests build the same server in-process on port 0 (style.md §6.1).
// Order matters where noted.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ParleyConfig } from './config/schema.js';
import { systemClock, type Clock } from './shared/clock.js';
import { createFileLogger } from './shared/file-log.js';
import type { Logger } from './shared/logger.js';
import { openSqliteStores } from './storage/sqlite/index.js';
import { seedDemoData } from './storage/demo-data.js';
import { ensurePki } from './pki/first-start.js';
import { createCertStore, attachHotReload } from './pki/cert-store.js';
import { saslProvider } from './xmpp/sasl/provider.js';
import { createNotificationService } from './xmpp/notification-service.js';
import { createTcpListener, type TcpListener } from './xmpp/transport/tcp/tcp-listener.js';
import { websocketFeature } from './xmpp/transport/websocket/ws-handler.js';
import { boshFeature } from './xmpp/transport/bosh/bosh-handler.js';
import { boshSettingsFrom } from './xmpp/transport/bosh/bosh-settings.js';
import { outputCapBytes } from './xmpp/transport/output-cap.js';
import { createPubsubComponent } from './pubsub/pubsub-component.js';
import { createCachedDirectory } from './pubsub/cached-directory.js';
import { createHttpRoutes } from './http/http-routes.js';
import { createHttpsListener } from './http/https-listener.js';
import { createCtiListener } from './cti/server/cti-listener.js';
import { createOriginPolicy } from './http/origin-policy.js';
import { createHttpAuthenticator } from './auth/http-auth.js';
import { createAdminServer } from './admin/admin-server.js';
import { adminSocketPath } from './admin/socket-path.js';
import { adminCommands } from './admin/server-commands.js';
import { PARLEY_VERSION } from './version.js';

export interface ReadyInfo {
  fqdn: string;
  data: string;
  ca: string;
  ports: Record<string, number>;
}

export interface ParleyServer {
  start(): Promise<ReadyInfo>;
  stop(reason?: string): Promise<void>;
}

export interface BuildOptions {
  clock?: Clock;
  /** Where process-level warnings go (stderr by default). */
  log?: Logger;
  /** Echo warnings and errors to stderr (default true; tests turn it off). */
  stderr?: boolean;
}

const randomId = (): string => randomBytes(12).toString('hex');

export async function buildServer(config: ParleyConfig, opts: BuildOptions = {}) {
  const clock = opts.clock ?? systemClock;
  const data = config.data;
  mkdirSync(data, { recursive: true, mode: 0o750 });

  // Logs first: everything after may want to say something.
  const logDir = join(data, 'logs', 'desktop');
  let notificationDebug = config.logLevel === 'debug';
  const notificationLog = createFileLogger({
    files: { debug: join(logDir, 'openfire', 'debug.log'), info: join(logDir, 'openfire', 'info.log') },
    debug: () => notificationDebug,
    now: () => clock.now(),
    stderr: opts.stderr ?? true,
  });
  const log = opts.log ?? createFileLogger({ files: { info: join(data, 'logs', 'parley.log') }, debug: () => config.logLevel === 'debug', stderr: opts.stderr ?? true });

  const pki = await ensurePki({ dataDir: data, fqdn: config.fqdn, log });
  const certs = createCertStore(pki);

  const stores = openSqliteStores(join(data, 'parley.sqlite'));
  seedDemoData(stores, { iterations: config.auth.scramIterations, log });

  // One cached view of users, teams and queues for routing and pubsub (invalidated on changes).
  const directory = createCachedDirectory(stores);

  const notification = createNotificationService({
    domain: config.fqdn,
    version: PARLEY_VERSION,
    c2s: {
      requireStartTls: config.xmpp.requireStarttls && !config.xmpp.allowPlaintextAuth,
      allowPlaintextAuth: config.xmpp.allowPlaintextAuth,
      saslMaxAttempts: config.xmpp.saslMaxAttempts,
      unauthenticatedTimeoutMs: config.xmpp.unauthenticatedTimeoutS * 1000,
      pingIntervalMs: config.xmpp.pingIntervalS * 1000,
      pingTimeoutMs: config.xmpp.pingTimeoutS * 1000,
    },
    offlineQuota: { maxMessages: config.offline.maxMessages, maxBytes: config.offline.maxBytes },
    stores,
    userExists: (local) => directory.getUser(local) !== undefined,
    sasl: saslProvider({
      domain: config.fqdn,
      lookup: (username) => stores.users.getCredentials(username),
      decoyIterations: config.auth.scramIterations,
    }),
    clock,
    log: notificationLog,
    randomId,
  });

  const pubsub = createPubsubComponent({
    domain: config.fqdn,
    stores,
    notification,
    clock,
    log: notificationLog,
    maxItemsPerNode: config.pubsub.maxItemsPerNode,
    directory,
  });

  const limits = { maxStanzaBytes: config.xmpp.stanzaSizeLimit, maxDepth: config.xmpp.maxDepth };
  const tcpListener = (directTls: boolean): TcpListener => createTcpListener({
    directTls,
    secureContext: () => certs.secureContext('notification'),
    tlsOptions: () => certs.secureContextOptions('notification'),
    limits,
    maxConnectionsPerIp: config.xmpp.maxConnectionsPerIp,
    maxPendingBytes: outputCapBytes(config),
    onTransport: (t) => void notification.accept(t),
    log: notificationLog,
  });
  const xmppListener = tcpListener(false);
  const xmppsListener = tcpListener(true);
  const stopReload = attachHotReload(xmppsListener.server as import('node:tls').Server, certs, 'notification');

  // HTTPS: one route table, two listeners (Finesse 12.6 serves BOSH and WebSocket on both ports).
  const routes = createHttpRoutes();
  const originPolicy = createOriginPolicy(stores.cors);
  // One authenticator (and so one lockout state) for the REST API, the admin API and the web pages.
  const httpAuth = createHttpAuthenticator({ users: stores.users, clock });
  // XMPP over WebSocket (RFC 7395) on /ws and /ws/ of both listeners.
  websocketFeature({ routes, notification, originPolicy, config, log: notificationLog });
  // XMPP over BOSH (XEP-0124, XEP-0206) on /http-bind and /http-bind/ of both listeners.
  const bosh = boshFeature({ routes, notification, originPolicy, domain: config.fqdn, clock, log: notificationLog, settings: boshSettingsFrom(config) });
  routes.route(['/health'], function health(_req, res) {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(JSON.stringify({ status: 'ok', sessions: notification.registry.size }));
  });
  const requestTimeoutMs = config.http.requestTimeoutS * 1000;
  const httpsListener = createHttpsListener({ name: 'https', routes, tlsOptions: () => certs.secureContextOptions('tomcat'), log, requestTimeoutMs });
  const notificationHttpListener = createHttpsListener({ name: 'notification', routes, tlsOptions: () => certs.secureContextOptions('notification'), log: notificationLog, requestTimeoutMs });
  const stopHttpsReload = attachHotReload(httpsListener.server, certs, 'tomcat');
  const stopNotificationReload = attachHotReload(notificationHttpListener.server, certs, 'notification');

  // The embedded CTI server: GED-188 over mutual TLS on the cti port (issue 11 item 2).
  const cti = createCtiListener({ certs, clock, log, minProtocolVersion: config.cti.minProtocolVersion });

  const startedAt = clock.now();
  const ports: Record<string, number> = {};
  const admin = createAdminServer({
    socketPath: adminSocketPath(data),
    commands: adminCommands({
      config, stores, notification, pubsub, ports, startedAt, clock,
      setNotificationDebug: (on: boolean) => { notificationDebug = on; },
    }),
    onError: (e) => log.error(`admin command failed: ${(e as Error)?.stack ?? e}`),
  });

  let started = false;
  let stopped = false;

  return {
    config,
    stores,
    notification,
    pubsub,
    certs,
    routes,
    originPolicy,
    httpAuth,
    bosh,
    cti,

    async start(): Promise<ReadyInfo> {
      if (started) throw new Error('already started');
      started = true;
      ports.https = await httpsListener.listen(config.ports.https, config.bind);
      ports.notification = await notificationHttpListener.listen(config.ports.notification, config.bind);
      ports.xmpp = await xmppListener.listen(config.ports.xmpp, config.bind);
      ports.xmpps = await xmppsListener.listen(config.ports.xmpps, config.bind);
      ports.cti = await cti.listen(config.ports.cti, config.bind);
      await admin.listen();
      if (config.xmpp.allowPlaintextAuth) {
        log.warn('SASL PLAIN is allowed without TLS on the xmpp port (--xmpp-allow-plaintext-auth): passwords cross the network in clear text');
      }
      notificationLog.info(`Parley notification service started on ${config.fqdn} (xmpp ${ports.xmpp}, xmpps ${ports.xmpps})`);
      return { fqdn: config.fqdn, data, ca: pki.caPath, ports: { ...ports } };
    },

    async stop(reason = 'system-shutdown'): Promise<void> {
      if (stopped) return;
      stopped = true;
      // Stop accepting first, then end every stream with system-shutdown, then close the database.
      const closing = [xmppListener.close(), xmppsListener.close(), httpsListener.close(), notificationHttpListener.close(), admin.close(), cti.close()];
      bosh.stop(); // before closeAll: the terminate bodies then close their connections
      notification.closeAll('system-shutdown', reason === 'system-shutdown' ? 'Server is shutting down' : reason);
      stopReload();
      stopHttpsReload();
      stopNotificationReload();
      await Promise.race([Promise.all(closing), new Promise((r) => setTimeout(r, 2000).unref())]);
      stores.close();
      notificationLog.info('Parley notification service stopped');
    },
  };
}

// `parley serve` only needs start/stop; the richer object is for tests and the admin commands.
export type BuiltServer = Awaited<ReturnType<typeof buildServer>>;
void (buildServer satisfies (c: ParleyConfig) => Promise<ParleyServer>);
