// `show sessions`: one row per bound XMPP session (pure formatting of what the registry reports).

export interface SessionRow {
  readonly jid: string;
  readonly transport: string;
  readonly address: string;
  /** Milliseconds since the client last sent anything. */
  readonly idleMs: number;
  /** BOSH requests held or waiting; undefined for TCP and WebSocket. */
  readonly held: number | undefined;
  readonly subscriptions: number;
  readonly available: boolean;
}

const COLUMNS = ['JID', 'TRANSPORT', 'CLIENT ADDRESS', 'LAST ACTIVE', 'HELD', 'SUBS', 'PRESENCE'] as const;

/** 63231 → "63.2 s ago"; 500 → "0.5 s ago"; 7_200_000 → "2 h ago". */
export function formatAgo(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 120) return `${s.toFixed(1)} s ago`;
  if (s < 7200) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

export function formatSessionTable(rows: readonly SessionRow[], limit: number): string {
  const shown = [...rows].sort((a, b) => a.jid.localeCompare(b.jid)).slice(0, limit);
  const cells = shown.map((r) => [
    r.jid, r.transport, r.address, formatAgo(r.idleMs), r.held === undefined ? '-' : String(r.held), String(r.subscriptions),
    r.available ? 'available' : 'unavailable',
  ]);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: readonly string[]): string => row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.transport, (counts.get(r.transport) ?? 0) + 1);
  const summary = `${rows.length} session(s)${rows.length ? ` (${[...counts].sort().map(([t, n]) => `${t} ${n}`).join(', ')})` : ''}`;
  const more = rows.length > shown.length ? [`… ${rows.length - shown.length} more; narrow with --user ID or show them with --all`] : [];
  if (rows.length === 0) return `${summary}\n`;
  return `${[line(COLUMNS), ...cells.map(line), ...more, summary].join('\n')}\n`;
}
