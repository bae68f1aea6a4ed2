// Glue of issue 10 (diagnostics and operations) for the composition root: the Prometheus metrics and
// their hooks, the `/metrics` route, the log collection, the TLS key log, and the admin words
// `show sessions`, `show cti status`, `file get activelog …`, `utils system restart`.
// Everything is created early (the pubsub component and the listeners take hooks) and reads the other
// subsystems lazily, through the getters it is given.
import { join } from 'node:path';
import type { Server as TlsServer, TLSSocket } from 'node:tls';
import type { AdminCommandTable, AdminHandler } from '../admin/commands.js';
import type { HttpAuthenticator } from '../auth/http-auth.js';
import type { ParleyConfig } from '../config/schema.js';
import type { HttpRoutes } from '../http/http-routes.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { Stores } from '../storage/stores.js';
import type { NotificationService } from '../xmpp/notification-service.js';
import { diagnosticsCommands, type CtiLinkView } from './diagnostics-commands.js';
import { createLogCollector } from './log-collection.js';
import { certificateDaysLeftReader, createParleyMetrics, metricsRoute } from './parley-metrics.js';
import { createKeylogWriter, keylogWarning } from './tls-keylog.js';

export interface DiagnosticsDeps {
  readonly config: ParleyConfig;
  readonly clock: Clock;
  /** The server's own log (parley.log): warnings about the key log go here and to stderr. */
  readonly log: Logger;
  readonly notification: () => Pick<NotificationService, 'registry'>;
  readonly stores: () => Pick<Stores, 'subscriptions'>;
  /** The contact center port once the server has one. */
  readonly contactCenter: () => { link(): CtiLinkView } | undefined;
  readonly ctiServerSessions?: () => number;
  /** From `parley serve`: restarts every service; undefined elsewhere. */
  readonly restart?: (() => void) | undefined;
}

const quiet: Parameters<AdminHandler>[1] = { progress: () => {}, signal: new AbortController().signal };

async function run(table: AdminCommandTable, words: string): Promise<string> {
  const entry = table[words];
  if (!entry) return '';
  const handler = typeof entry === 'function' ? entry : entry.handler;
  try {
    return `$ ${words}\n${(await handler([], quiet)).output}`;
  } catch (e) {
    return `$ ${words}\nfailed: ${(e as Error).message}\n`;
  }
}

export function createDiagnostics(deps: DiagnosticsDeps) {
  const { config, clock } = deps;
  const metrics = createParleyMetrics({
    sessions: () => deps.notification().registry.countByTransport(),
    ctiLink: () => deps.contactCenter()?.link(),
    certificateDaysLeft: certificateDaysLeftReader(config.data, () => clock.now()),
    startedAtMs: clock.now(),
  });

  const keylog = config.tls.keylogFile ? createKeylogWriter(config.tls.keylogFile, (m) => deps.log.error(m)) : undefined;
  if (keylog) deps.log.warn(keylogWarning(keylog.file));

  let statusTable: AdminCommandTable = {};
  const collector = createLogCollector({
    logsDir: join(config.data, 'logs'),
    outDir: join(config.data, 'collect'),
    now: () => clock.now(),
    config: () => config,
    status: async () => {
      const parts: string[] = [`Collected ${new Date(clock.now()).toISOString()}\n`];
      for (const words of ['show status', 'show sessions', 'show cti status', 'show cti', 'show cert list']) parts.push(await run(statusTable, words));
      return parts.join('\n');
    },
  });

  const commands = diagnosticsCommands({
    get notification() { return deps.notification(); },
    get stores() { return deps.stores(); },
    clock,
    collector,
    contactCenter: deps.contactCenter,
    ...(deps.ctiServerSessions ? { ctiServerSessions: deps.ctiServerSessions } : {}),
    restart: deps.restart,
  });

  return {
    metrics,
    collector,
    keylog,
    /** Hooks for createPubsubComponent. */
    pubsubHooks: { onPublished: metrics.pubsub.published, onDelivered: metrics.pubsub.delivered },
    /** Hook for createHttpsListener. */
    httpHooks: (listener: string) => ({ onResponse: (status: number) => metrics.httpResponse(listener, status) }),
    /** Hook for createTcpListener: STARTTLS upgrades write to the key log. */
    tcpHooks: keylog ? { onTlsSocket: (s: TLSSocket) => keylog.attachSocket(s) } : {},
    /** Every TLS server writes to the key log (when it is on). */
    attachTlsServers(servers: readonly TlsServer[]): void {
      if (keylog) for (const s of servers) keylog.attachServer(s);
    },
    /** GET /metrics on the https port, protected as `metrics.access` says. */
    addRoutes(routes: HttpRoutes, httpAuth: HttpAuthenticator): void {
      metricsRoute({ routes, metrics, access: config.metrics.access, httpAuth });
    },
    /** The admin table with the diagnostics words added; the archive's status summary runs its `show` words. */
    withCommands(base: AdminCommandTable): AdminCommandTable {
      statusTable = { ...base, ...commands };
      return statusTable;
    },
  };
}
