// The admin words of issue 10 (live inspection and log collection), in Cisco CLI wording:
//   show sessions [--user ID] [--all]          every bound XMPP session
//   show cti status                            the CTI link as the web services see it
//   file get activelog <path> [recurs] [compress]   the log archive ([decisions] 15: desktop or /desktop)
//   utils system restart                       restarts every service (debug toggles revert)
// server.ts adds this table to the admin socket's commands.
import type { AdminCommandTable, AdminHandler } from '../admin/commands.js';
import type { Clock } from '../shared/clock.js';
import type { Stores } from '../storage/stores.js';
import type { NotificationService } from '../xmpp/notification-service.js';
import type { LogCollector } from './log-collection.js';
import { formatSessionTable, type SessionRow } from './session-table.js';

export interface CtiLinkView {
  readonly state: string;
  readonly side: 'A' | 'B' | null;
  readonly since: number;
  readonly reason: string;
}

export interface DiagnosticsCommandDeps {
  readonly notification: Pick<NotificationService, 'registry'>;
  readonly stores: Pick<Stores, 'subscriptions'>;
  readonly clock: Clock;
  readonly collector: LogCollector;
  /** The contact center port, once it is wired (its link() is what `show cti status` reports). */
  readonly contactCenter: () => { link(): CtiLinkView } | undefined;
  /** CTI clients connected to the embedded CTI server, when it runs. */
  readonly ctiServerSessions?: () => number;
  /** Asks the process to restart every service; undefined when nothing can (not under `parley serve`). */
  readonly restart?: (() => void) | undefined;
  /** How many rows `show sessions` prints without --all. */
  readonly sessionRowLimit?: number;
}

const done = (output: string, exitCode = 0) => ({ exitCode, output: output.endsWith('\n') ? output : `${output}\n` });

/** `held` of a BOSH transport: the session's open requests (duck-typed: the transport is not ours). */
function heldRequests(transport: unknown): number | undefined {
  const session = (transport as { session?: { openRequests?: unknown } }).session;
  return typeof session?.openRequests === 'number' ? session.openRequests : undefined;
}

export function diagnosticsCommands(deps: DiagnosticsCommandDeps): AdminCommandTable {
  const showSessions: AdminHandler = async function showSessions(args) {
    let user: string | undefined;
    let all = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--all') all = true;
      else if (a === '--user' && args[i + 1]) user = args[++i]!.toLowerCase();
      else if (a.startsWith('--user=')) user = a.slice(7).toLowerCase();
      else return done(`show sessions: unexpected ${JSON.stringify(a.slice(0, 100))}\nUsage: show sessions [--user ID] [--all]`, 2);
    }
    const now = deps.clock.now();
    const rows: SessionRow[] = [];
    for (const s of deps.notification.registry.all()) {
      if (user !== undefined && s.jid.local?.toLowerCase() !== user && s.jid.bare.toLowerCase() !== user) continue;
      const subs = deps.stores.subscriptions.listForOwner(s.jid.bare).filter((x) => x.jid === s.jid.full || x.jid === s.jid.bare).length;
      rows.push({
        jid: s.jid.full,
        transport: s.transportKind,
        address: s.transport.remoteAddress,
        idleMs: now - s.lastActive,
        held: heldRequests(s.transport),
        subscriptions: subs,
        available: s.isAvailable,
      });
    }
    return done(formatSessionTable(rows, all ? Number.MAX_SAFE_INTEGER : deps.sessionRowLimit ?? 200));
  };

  const showCtiStatus: AdminHandler = async function showCtiStatus() {
    const cc = deps.contactCenter();
    const lines: string[] = [];
    if (!cc) {
      lines.push('CTI link            not configured on this node');
    } else {
      const link = cc.link();
      const since = Number.isFinite(link.since) && link.since > 0 ? `${new Date(link.since).toISOString()} (${Math.round((deps.clock.now() - link.since) / 1000)} s)` : '-';
      lines.push(`CTI link            ${link.state}${link.side ? ` (side ${link.side})` : ''}`);
      lines.push(`Since               ${since}`);
      if (link.reason) lines.push(`Reason              ${link.reason}`);
    }
    if (deps.ctiServerSessions) lines.push(`CTI server clients  ${deps.ctiServerSessions()} connected to the embedded CTI server`);
    return done(lines.join('\n'));
  };

  const fileGetActivelog: AdminHandler = async function fileGetActivelog(args, ctx) {
    const usage = 'Usage: file get activelog <path> [recurs] [compress]   e.g. file get activelog desktop recurs compress';
    const [path, ...options] = args;
    if (!path) return done(`file get activelog: which logs? ${usage}`, 2);
    const unknown = options.filter((o) => !['recurs', 'compress'].includes(o.toLowerCase()));
    if (unknown.length > 0) {
      return done(`file get activelog: option ${JSON.stringify(unknown[0]!.slice(0, 50))} is not supported (reltime, abstime, match: every file is collected)\n${usage}`, 2);
    }
    const r = await deps.collector.collect(path, (line) => ctx.progress(line));
    if (!r.ok) return done(`file get activelog: ${r.text ?? r.error}`, r.error === 'write-failed' ? 1 : 2);
    const size = r.value.bytes < 1e6 ? `${(r.value.bytes / 1e3).toFixed(1)} kB` : `${(r.value.bytes / 1e6).toFixed(1)} MB`;
    return done([
      r.value.shared ? 'Another request built this archive; here it is:' : `Collected ${r.value.files} file(s) (logs, redacted configuration, status summary).`,
      `Archive: ${r.value.path} (${size})`,
    ].join('\n'));
  };

  const restart: AdminHandler = async function utilsSystemRestart() {
    if (!deps.restart) {
      return done('utils system restart: this server was not started by `parley serve`, which performs the restart; restart the embedding process instead.', 1);
    }
    setTimeout(deps.restart, 100); // after this answer has reached the client
    return done([
      'Restarting every service of this node (notification service, web services, CTI).',
      'Connected clients are disconnected with system-shutdown and reconnect; debug logging returns to its configured level.',
      'Check with: parley admin show status',
    ].join('\n'));
  };

  return {
    'show sessions': { handler: showSessions, summary: 'every XMPP session: JID, transport, client address, last active, held requests, subscriptions', usage: 'show sessions [--user ID] [--all]' },
    'show cti status': { handler: showCtiStatus, summary: 'the CTI link state, side and reason' },
    'file get activelog': { handler: fileGetActivelog, summary: 'collect the logs into a .tar.gz', usage: 'file get activelog <path> [recurs] [compress]   (path: desktop or /desktop)' },
    'utils system restart': { handler: restart, summary: 'restart every service of this node' },
  };
}
