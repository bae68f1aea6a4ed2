// `show status`: the server's state as aligned, human-readable text.
import { PORT_NAMES } from '../config/schema.js';

export interface ServerStatus {
  readonly version: string;
  readonly uptimeS: number;
  readonly fqdn: string;
  readonly data: string;
  readonly ports: Readonly<Record<string, number>>;
  readonly sessions: { readonly tcp: number; readonly bosh: number; readonly websocket: number };
  readonly users: number;
  readonly pubsubNodes: number;
  readonly offlineMessages: number;
  /** The notification service's debug toggle (`utils finesse notification logging`), when known. */
  readonly notificationDebug?: boolean;
}

/** 93784 → "1d 2h 3m 4s"; 59 → "59s". */
export function formatDuration(totalS: number): string {
  let rest = Math.max(0, Math.floor(totalS));
  const parts: string[] = [];
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60]] as const) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || parts.length > 0) parts.push(`${n}${unit}`);
  }
  parts.push(`${rest}s`);
  return parts.join(' ');
}

const count = (n: number): string => n.toLocaleString('en-US');

const align = (rows: readonly (readonly [string, string])[], width: number): string[] =>
  rows.map(([label, value]) => `${label.padEnd(width)}${value}`.trimEnd());

/**
 * @example formatStatus({ version: '0.1.0', uptimeS: 75, fqdn: 'localhost', data: '/srv/data',
 *   ports: { https: 8445 }, sessions: { tcp: 1, bosh: 2, websocket: 0 }, users: 21, pubsubNodes: 40, offlineMessages: 0 })
 */
export function formatStatus(s: ServerStatus): string {
  const known = PORT_NAMES.filter((p) => p in s.ports);
  const others = Object.keys(s.ports).filter((p) => !known.includes(p as never)).sort();
  const portRows = [...known, ...others].map((name) => [name, String(s.ports[name])] as const);
  const { tcp, bosh, websocket } = s.sessions;
  const rows: (readonly [string, string])[] = [
    ['Version', s.version],
    ['Uptime', formatDuration(s.uptimeS)],
    ['FQDN', s.fqdn],
    ['Data directory', s.data],
    ['XMPP sessions', `${count(tcp + bosh + websocket)} (tcp ${count(tcp)}, bosh ${count(bosh)}, websocket ${count(websocket)})`],
    ['Users', count(s.users)],
    ['Pubsub nodes', count(s.pubsubNodes)],
    ['Offline messages', count(s.offlineMessages)],
    ...(s.notificationDebug === undefined ? [] : [['Notification debug log', s.notificationDebug ? 'enabled' : 'disabled'] as const]),
    ['Ports', portRows.length === 0 ? 'none' : ''],
  ];
  const indented = portRows.map(([name, port]) => [`  ${name}`, port] as const);
  const width = Math.max(...[...rows, ...indented].map(([label]) => label.length)) + 2;
  const lines = ['Parley status', ...align(rows, width), ...align(indented, width)];
  return `${lines.join('\n')}\n`;
}
