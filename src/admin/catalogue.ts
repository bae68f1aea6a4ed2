// The admin commands Parley documents ([contract] "Admin CLI", "Many users", "Calls in the simulator";
// [pki-cors] §B; [notification-service] §0.8), with the Cisco CLI wording. `parley admin --help` prints
// this list without a running server; the running server's `help` lists what it actually serves.

export interface CatalogueEntry {
  /** The words, then the arguments in usage notation. */
  readonly usage: string;
  readonly summary: string;
}

export const ADMIN_CATALOGUE: readonly CatalogueEntry[] = [
  { usage: 'help [words…]', summary: 'list the commands the running server knows' },
  { usage: 'show status', summary: 'version, uptime, ports, sessions, users, pubsub nodes' },
  { usage: 'show cert list', summary: 'the certificates of every store' },
  { usage: 'utils finesse cors status', summary: 'whether CORS is enabled for the REST API and desktop' },
  { usage: 'utils finesse cors enable|disable', summary: 'switch CORS for the REST API and desktop' },
  { usage: 'utils finesse cors allowed_origin list', summary: 'the allowed origins of the REST API and desktop' },
  { usage: 'utils finesse cors allowed_origin add|delete <origin>', summary: 'e.g. add https://app.example.com' },
  { usage: 'utils cuic cors status|enable|disable', summary: 'the same for Live Data (12015)' },
  { usage: 'utils cuic cors allowed_origin list|add|delete [<origin>]', summary: 'the Live Data allow-list' },
  { usage: 'utils finesse notification logging enable|disable', summary: 'notification service debug logging' },
  { usage: 'file get activelog desktop recurs compress', summary: 'collect the desktop and notification logs' },
  { usage: 'utils system restart', summary: 'restart every service of this node' },
  { usage: 'user bulk-add --first ID --count N --password P [--team T]', summary: 'create many agents for load tests' },
  { usage: 'sim call --queue N --ani DIGITS', summary: 'offer a simulated inbound call to a queue' },
];

/** The catalogue's summary for a command's words (`utils finesse cors enable` matches `enable|disable`). */
export function catalogueSummary(words: string): string | undefined {
  const target = words.split(' ');
  for (const entry of ADMIN_CATALOGUE) {
    const keywords = entry.usage.split(' ').filter((w) => !/^[-<[]/.test(w));
    if (keywords.length !== target.length) continue;
    if (keywords.every((k, i) => k.split('|').includes(target[i] ?? ''))) return entry.summary;
  }
  return undefined;
}
