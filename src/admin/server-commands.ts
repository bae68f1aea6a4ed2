// The commands the running server answers on its admin socket, in Cisco CLI wording ([contract]
// "Admin CLI"). Each handler reads or changes one subsystem through its public API.
import { readFileSync } from 'node:fs';
import type { ParleyConfig } from '../config/schema.js';
import type { Clock } from '../shared/clock.js';
import type { Stores } from '../storage/stores.js';
import { bulkAddAgents } from '../storage/bulk-add.js';
import { describeCertificate } from '../pki/describe.js';
import { SERVICE_NAMES, pkiPaths } from '../pki/layout.js';
import type { NotificationService } from '../xmpp/notification-service.js';
import type { PubsubComponent } from '../pubsub/pubsub-component.js';
import { formatStatus } from './status.js';
import type { AdminCommandTable, AdminHandler } from './commands.js';
import { PARLEY_VERSION } from '../version.js';

export interface ServerCommandDeps {
  config: ParleyConfig;
  stores: Stores;
  notification: NotificationService;
  pubsub: PubsubComponent;
  ports: Readonly<Record<string, number>>;
  startedAt: number;
  clock: Clock;
  setNotificationDebug(on: boolean): void;
  /** Whether the debug toggle is on (shown by `show status`). */
  isNotificationDebug?: () => boolean;
  /** Users were added or changed (bulk-add): the embedded ACD re-reads its agents. */
  onUsersChanged?: () => void;
  /** The CORS words (src/http/cors/cors-commands.ts). */
  corsCommands?: AdminCommandTable;
  /** Certificate management words (src/admin/cert-commands.ts); its `show cert list` replaces the one here. */
  certCommands?: AdminCommandTable;
}

const done = (output: string, exitCode = 0) => ({ exitCode, output: output.endsWith('\n') ? output : `${output}\n` });

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}

export function adminCommands(deps: ServerCommandDeps): AdminCommandTable {
  const showStatus: AdminHandler = async function showStatus() {
    return done(formatStatus({
      version: PARLEY_VERSION,
      uptimeS: Math.round((deps.clock.now() - deps.startedAt) / 1000),
      fqdn: deps.config.fqdn,
      data: deps.config.data,
      ports: deps.ports,
      sessions: deps.notification.registry.countByTransport(),
      users: deps.stores.users.count(),
      pubsubNodes: deps.pubsub.nodeCount(),
      offlineMessages: deps.stores.offline.total(),
      ...(deps.isNotificationDebug ? { notificationDebug: deps.isNotificationDebug() } : {}),
    }));
  };

  const showCertList: AdminHandler = async function showCertList() {
    const paths = pkiPaths(deps.config.data);
    const lines: string[] = [];
    const row = (store: string, file: string): void => {
      try {
        const d = describeCertificate(readFileSync(file, 'utf8'), () => deps.clock.now());
        const warn = d.daysLeft < 0 ? '  EXPIRED' : d.daysLeft <= 30 ? '  EXPIRES SOON' : '';
        lines.push(`${store.padEnd(14)}${d.subject}`);
        lines.push(`${''.padEnd(14)}issuer ${d.issuer}; serial ${d.serial}; ${d.keyType}-${d.keySize}`);
        lines.push(`${''.padEnd(14)}SANs ${d.sans.join(', ') || '(none)'}`);
        lines.push(`${''.padEnd(14)}valid ${d.notBefore.toISOString()} → ${d.notAfter.toISOString()} (${d.daysLeft} days left)${warn}`);
      } catch (e) {
        lines.push(`${store.padEnd(14)}unreadable: ${(e as Error).message}`);
      }
    };
    row('trust (CA)', paths.caCert);
    for (const s of SERVICE_NAMES) row(s, paths.services[s].cert);
    return done(lines.join('\n'));
  };

  const bulkAdd: AdminHandler = async function userBulkAdd(args, ctx) {
    const first = Number(option(args, '--first'));
    const count = Number(option(args, '--count'));
    const password = option(args, '--password') ?? '';
    const team = option(args, '--team');
    const started = Date.now();
    const result = bulkAddAgents(deps.stores, {
      first, count, password,
      ...(team === undefined ? {} : { teamId: team }),
      iterations: deps.config.auth.scramIterations,
      onProgress: (n, total) => ctx.progress(`created ${n.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} agents`),
    });
    if (!result.ok) return done(`user bulk-add: ${result.text ?? result.error}`, 2);
    deps.pubsub.directoryChanged();
    deps.onUsersChanged?.();
    const s = ((Date.now() - started) / 1000).toFixed(1);
    return done(`Created ${result.value.created} agents ${result.value.first} … ${result.value.last} (extension = login id) with their pubsub nodes in ${s} s.`);
  };

  const logging = (on: boolean, uccx: boolean): AdminHandler => async function notificationLogging() {
    deps.setNotificationDebug(on);
    const service = uccx ? 'Cisco Unified CCX Notification Service' : 'Cisco Finesse Notification Service';
    if (!on) return done(`${service} logging is now disabled.`);
    if (uccx) {
      return done([
        `WARNING! Enabling ${service} logging can affect system performance`,
        'and should be disabled when logging is not required.',
        `${service} logging enabled successfully.`,
        `NOTE: Logging will be disabled automatically if ${service} is restarted.`,
      ].join('\n'));
    }
    return done([
      `Checking that the ${service} is started...`,
      `The ${service} is started.`,
      `${service} logging is now enabled.`,
      `WARNING! ${service} logging can affect system performance`,
      'and should be disabled when logging is not required.',
      `Note: Logging will be disabled automatically if you restart the ${service}`,
    ].join('\n'));
  };

  return {
    'show status': { handler: showStatus, summary: 'version, uptime, ports, sessions, users, pubsub nodes' },
    'show cert list': { handler: showCertList, summary: 'the certificates of every store' },
    'user bulk-add': { handler: bulkAdd, summary: 'create many agents for load tests', usage: 'user bulk-add --first ID --count N --password P [--team T]' },
    'utils finesse notification logging enable': { handler: logging(true, false), summary: 'notification service debug logging on' },
    'utils finesse notification logging disable': { handler: logging(false, false), summary: 'notification service debug logging off' },
    'utils uccx notification-service log enable': { handler: logging(true, true), summary: 'the same, UCCX wording' },
    'utils uccx notification-service log disable': { handler: logging(false, true), summary: 'the same, UCCX wording' },
    ...deps.corsCommands,
    ...deps.certCommands,
  };
}
