// The composition root: buildServer(config) wires every subsystem with explicit dependencies and
// listens only in start(). Tests build the same server in-process on port 0 (style.md §6.1).
// Order matters where noted.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ParleyConfig } from './config/schema.js';
import { systemClock, type Clock } from './shared/clock.js';
import { createFileLogger } from './shared/file-log.js';
import { createWebservicesLog, hostAddress } from './shared/webservices-log.js';
import { attachFinessePresence, attachPresenceDrivenLogout } from './contact-center/presence-glue.js';
import type { Logger } from './shared/logger.js';
import { openSqliteStores } from './storage/sqlite/index.js';
import { seedDemoData } from './storage/demo-data.js';
import { ensurePki } from './pki/first-start.js';
import { certificatesFeature } from './pki/certificates-feature.js';
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
import { createAcdBridge } from './cti/server/acd-bridge.js';
import { createEmbeddedAcd } from './cti/server/embedded-acd.js';
import { createCtiFeature } from './contact-center/cti/cti-feature.js';
import { createAcdCallSimulator } from './contact-center/cti/acd-call-simulator.js';
import { ctiAdminCommands } from './contact-center/cti/cti-admin-commands.js';
import { ctiAdminApi } from './contact-center/cti/cti-admin-api.js';
import { createScenarioControl } from './contact-center/cti/sim-scenario.js';
import { corsFeature } from './http/cors/cors-feature.js';
import { corsRoutes } from './http/cors/cors-gate.js';
import { createHttpAuthenticator } from './auth/http-auth.js';
import { createAdminServer } from './admin/admin-server.js';
import { adminSocketPath } from './admin/socket-path.js';
import { adminCommands } from './admin/server-commands.js';
import { createDiagnostics } from './diagnostics/diagnostics-feature.js';
import { finesseWebServices } from './api/web-services.js';
import { desktopFeature } from './desktop/desktop-feature.js';
import { liveDataFeature } from './livedata/livedata-feature.js';
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
  /** `utils system restart` calls this (`parley serve` rebuilds the server); without it the command says it cannot. */
  onRestartRequest?: () => void;
}

const randomId = (): string => randomBytes(12).toString('hex');

export async function buildServer(config: ParleyConfig, opts: BuildOptions = {}) {
  const clock = opts.clock ?? systemClock;
  const data = config.data;
  mkdirSync(data, { recursive: true, mode: 0o750 });

  // Logs first: everything after may want to say something.
  const logDir = join(data, 'logs', 'desktop');
  let notificationDebug = config.logLevel === 'debug';
  // Format and rotation of every log file (issue 10): log.format, log.maxFileBytes, log.maxFiles, log.maxAgeDays.
  const logFiles = { format: config.log.format, policy: { maxBytes: config.log.maxFileBytes, maxFiles: config.log.maxFiles, maxAgeDays: config.log.maxAgeDays } };
  const notificationLog = createFileLogger({
    files: { debug: join(logDir, 'openfire', 'debug.log'), info: join(logDir, 'openfire', 'info.log') },
    debug: () => notificationDebug,
    now: () => clock.now(),
    stderr: opts.stderr ?? true,
    name: 'openfire',
    ...logFiles,
  });
  const log = opts.log ?? createFileLogger({ files: { info: join(data, 'logs', 'parley.log') }, debug: () => config.logLevel === 'debug', stderr: opts.stderr ?? true, ...logFiles });
  // The web services' log, DATA/logs/desktop/webservices/Desktop-webservices.<start time>.log, in the
  // document's line format (presence-driven logout, CTI messages, REST); shared by src/api and the CTI adapter.
  const webservicesLog = createWebservicesLog({
    dir: join(logDir, 'webservices'), now: () => clock.now(), debug: () => config.logLevel === 'debug',
    host: hostAddress(config.bind), stderr: opts.stderr ?? true, ...logFiles,
  });

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

  // Diagnostics (issue 10): metrics and their hooks, /metrics, log collection, TLS key log, inspection words.
  const diagnostics = createDiagnostics({
    config, clock, log, notification: () => notification, stores: () => stores, restart: opts.onRestartRequest,
    contactCenter: () => (built as { contactCenter?: { link(): import('./diagnostics/diagnostics-commands.js').CtiLinkView } }).contactCenter,
    ctiServerSessions: () => cti.sessions.size,
  });

  const pubsub = createPubsubComponent({
    domain: config.fqdn,
    stores,
    notification,
    clock,
    log: notificationLog,
    maxItemsPerNode: config.pubsub.maxItemsPerNode,
    directory,
    ...diagnostics.pubsubHooks,
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
    ...diagnostics.tcpHooks,
  });
  const xmppListener = tcpListener(false);
  const xmppsListener = tcpListener(true);
  const stopReload = attachHotReload(xmppsListener.server as import('node:tls').Server, certs, 'notification');

  // HTTPS: one route table, two listeners (Finesse 12.6 serves BOSH and WebSocket on both ports).
  const routes = createHttpRoutes();
  // One authenticator (and so one lockout state) for the REST API, the admin API and the web pages.
  const httpAuth = createHttpAuthenticator({ users: stores.users, clock });
  // CORS (issue 7, docs/cors.md): one gate for BOSH, WebSocket, the REST API and Live Data, the
  // per-service allow-lists, /admin/api/cors/, /cfadmin/cors and the quick check.
  const cors = corsFeature({ routes, store: stores.cors, config, auth: httpAuth, listening: () => ports, clock, caPath: pki.caPath, log });
  const originPolicy = cors.gate;
  // XMPP over WebSocket (RFC 7395) on /ws and /ws/ of both listeners.
  websocketFeature({ routes, notification, originPolicy, config, log: notificationLog });
  // XMPP over BOSH (XEP-0124, XEP-0206) on /http-bind and /http-bind/ of both listeners.
  const bosh = boshFeature({ routes, notification, originPolicy, domain: config.fqdn, clock, log: notificationLog, settings: boshSettingsFrom(config) });
  routes.route(['/health'], function health(_req, res) {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(JSON.stringify({ status: 'ok', sessions: notification.registry.size }));
  });
  const requestTimeoutMs = config.http.requestTimeoutS * 1000;
  const httpsListener = createHttpsListener({ name: 'https', routes, tlsOptions: () => certs.secureContextOptions('tomcat'), log, requestTimeoutMs, ...diagnostics.httpHooks('https') });
  const notificationHttpListener = createHttpsListener({ name: 'notification', routes, tlsOptions: () => certs.secureContextOptions('notification'), log: notificationLog, requestTimeoutMs, ...diagnostics.httpHooks('notification') });
  const stopHttpsReload = attachHotReload(httpsListener.server, certs, 'tomcat');
  const stopNotificationReload = attachHotReload(notificationHttpListener.server, certs, 'notification');

  // The embedded CTI server: GED-188 over mutual TLS on the cti port (issue 11 item 2).
  // It serves the ACD simulator (issue 11 item 3, docs/cti.md): agents (users with the agent role and
  // an extension) and queues from the stores, seeded randomness, the injected clock; the bridge turns
  // CTI requests into ACD commands and ACD events into CTI events for every open session.
  const acdSimulator = createEmbeddedAcd({ stores, clock, log });
  const acd = acdSimulator.acd;
  const acdBridge = createAcdBridge({ acd, clock, log, peripheralId: config.cti.peripheralId, refreshAgents: acdSimulator.refresh });
  const cti = createCtiListener({
    certs, clock, log, minProtocolVersion: config.cti.minProtocolVersion, peripheralId: config.cti.peripheralId,
    handleRequest: acdBridge.handleRequest, sessionHooks: acdBridge,
  });
  diagnostics.attachTlsServers([httpsListener.server, notificationHttpListener.server, xmppsListener.server as import('node:tls').Server, cti.tlsServer]);
  diagnostics.addRoutes(routes, httpAuth);
  // Certificate management (issue 6, docs/certificates.md): stores and trust stores, CSR, uploads with
  // Cisco-style checks, regenerate, expiry watch; /admin/api/certs/, /cfadmin/certificates, `set cert …`.
  const certificates = certificatesFeature({
    pki, certs, fqdn: config.fqdn, routes, auth: httpAuth, clock, log, maxUploadBytes: config.certificates.maxUploadBytes,
    policy: { allowLegacyRsa1024: config.certificates.allowLegacyRsa1024, allowWildcardSans: config.certificates.allowWildcardSans },
  });

  // The Finesse side (issue 11 item 4): the CTI link ('cti-client' identity; side A defaults to the
  // embedded CTI server on the loopback, B optional, both changeable at runtime) and the contact
  // center over it, which the REST API, desktop and Live Data use. `callSimulator` drives the
  // embedded ACD (`parley sim call`). The link starts in start(), once the CTI listener listens.
  const embeddedAcd = (): import('./cti/acd/index.js').Acd | undefined => (config.cti.embeddedServer ? acd : undefined);
  const scenarios = createScenarioControl(embeddedAcd);
  const ctiFeature = createCtiFeature({ config, certs, clock, log: webservicesLog, directory, acd: embeddedAcd });
  const contactCenter = ctiFeature.contactCenter;
  const callSimulator = createAcdCallSimulator(embeddedAcd);
  ctiAdminApi({ routes, auth: httpAuth, feature: ctiFeature, contactCenter }); // GET /admin/api/cti, PUT /admin/api/cti/settings

  // Presence-driven forced logout (reason 255) and the `finesse` user's presence (issue 5 items 4 and 5,
  // docs/presence-logout.md): a desktop's last resource gone → expiry hash → after --logout-grace the
  // forced request; the contact-center link state → the `finesse` contact's presence for every desktop.
  const presenceLogout = attachPresenceDrivenLogout({
    notification, pubsub, contactCenter, clock, log: webservicesLog,
    graceMs: config.agents.logoutGraceS * 1000, outcome: config.agents.presenceLogout,
  });
  const stopFinessePresence = attachFinessePresence({ presence: notification.presence, contactCenter, log: webservicesLog });

  const startedAt = clock.now();
  const ports: Record<string, number> = {};
  // The Finesse REST API under /finesse/api/ and its <Update> events (issue 5 items 1-3 and 5,
  // docs/rest-api.md), the ClientLog read-back /admin/api/client-logs/ and POST /admin/api/sim/calls.
  const webServices = finesseWebServices({
    routes: corsRoutes(routes, cors.gate, 'finesse', { under: '/finesse/api/' }), httpAuth, originPolicy, contactCenter, callSimulator, stores, pubsub, clock, log: webservicesLog,
    fqdn: config.fqdn, dataDir: data, settings: config.finesse, ports,
  });
  // The agent and supervisor desktop (issue 8, docs/desktop-client.md, docs/gadgets.md): /desktop/,
  // /cfadmin/, /3rdpartygadget/files/, /admin/api/layout/ and /admin/api/gadgets/.
  const desktop = desktopFeature({ routes, auth: httpAuth, dataDir: data, log });
  // Live Data (issue 9, docs/livedata.md): agent, team and queue reports streamed on the livedata port,
  // behind the `livedata` CORS allow-list; the tomcat identity until Live Data has a store of its own.
  const livedata = liveDataFeature({
    contactCenter, stores, auth: httpAuth, cors: cors.gate, clock, log,
    tlsOptions: () => certs.secureContextOptions('tomcat'),
  });
  const stopLivedataReload = attachHotReload(livedata.server, certs, 'tomcat');
  diagnostics.attachTlsServers([livedata.server]);
  const admin = createAdminServer({
    socketPath: adminSocketPath(data),
    // `show cti`, `set cti side …`, `sim call …`, `sim hangup …` (src/contact-center/cti/cti-admin-commands.ts).
    commands: diagnostics.withCommands({ ...ctiAdminCommands({
      contactCenter: () => contactCenter, callSimulator: () => callSimulator, ctiLink: () => ctiFeature,
      scenarios: () => ({ control: scenarios, queueIds: acd.queueIds() }),
    }), ...adminCommands({
      config, stores, notification, pubsub, ports, startedAt, clock, corsCommands: cors.commands, certCommands: certificates.commands,
      setNotificationDebug: (on: boolean) => { notificationDebug = on; },
      isNotificationDebug: () => notificationDebug,
      onUsersChanged: () => { acdSimulator.refresh(); },
    }) }),
    onError: (e) => log.error(`admin command failed: ${(e as Error)?.stack ?? e}`),
  });

  let started = false;
  let stopped = false;

  const built = {
    config,
    stores,
    notification,
    pubsub,
    certs,
    routes,
    originPolicy,
    cors,
    httpAuth,
    bosh,
    cti,
    acd,
    refreshAcdAgents: acdSimulator.refresh,
    webservicesLog,
    ctiLink: ctiFeature,
    contactCenter,
    callSimulator,
    desktop,
    livedata,
    certificates,

    async start(): Promise<ReadyInfo> {
      if (started) throw new Error('already started');
      started = true;
      ports.https = await httpsListener.listen(config.ports.https, config.bind);
      ports.notification = await notificationHttpListener.listen(config.ports.notification, config.bind);
      ports.xmpp = await xmppListener.listen(config.ports.xmpp, config.bind);
      ports.xmpps = await xmppsListener.listen(config.ports.xmpps, config.bind);
      if (config.cti.embeddedServer) ports.cti = await cti.listen(config.ports.cti, config.bind);
      await admin.listen();
      ctiFeature.start(config.cti.embeddedServer ? ports.cti : undefined);
      ports.livedata = await livedata.listen(config.ports.livedata, config.bind);
      if (config.xmpp.allowPlaintextAuth) {
        log.warn('SASL PLAIN is allowed without TLS on the xmpp port (--xmpp-allow-plaintext-auth): passwords cross the network in clear text');
      }
      notificationLog.info(`Parley notification service started on ${config.fqdn} (xmpp ${ports.xmpp}, xmpps ${ports.xmpps})`);
      return { fqdn: config.fqdn, data, ca: pki.caPath, ports: { ...ports } };
    },

    async stop(reason = 'system-shutdown'): Promise<void> {
      if (stopped) return;
      stopped = true;
      presenceLogout.stop();
      certificates.stop();
      webServices.stop();
      stopFinessePresence();
      ctiFeature.stop(); // after its listeners: the link going down at stop is no news to send the desktops
      scenarios.stop();
      // Stop accepting first, then end every stream with system-shutdown, then close the database.
      const closing = [xmppListener.close(), xmppsListener.close(), httpsListener.close(), notificationHttpListener.close(), admin.close(), cti.close(), livedata.close()];
      stopLivedataReload();
      acdBridge.close();
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
  return built;
}

// `parley serve` only needs start/stop; the richer object is for tests and the admin commands.
export type BuiltServer = Awaited<ReturnType<typeof buildServer>>;
void (buildServer satisfies (c: ParleyConfig) => Promise<ParleyServer>);
