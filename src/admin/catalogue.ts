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
  { usage: 'show cert list [store]', summary: 'the certificates of every store, with days left' },
  { usage: 'show cert own|trust <service>', summary: 'a store\'s own certificate (with PEM), or what it trusts' },
  { usage: 'show csr own <service>', summary: 'the pending CSR (PEM) to hand to the CA' },
  { usage: 'set cert regen <service> [--self-signed] [--key-type T]', summary: 'regenerate a certificate; listeners hot-reload' },
  { usage: 'set csr gen <service> [--cn CN] [--c CC] [--key-type T] …', summary: 'generate a CSR; the key stays on the server (set csr gen --help)' },
  { usage: 'set cert import own|trust <service> FILE [--dry-run]', summary: 'upload a certificate or chain (PEM, DER, .p7b, .p12), checked first' },
  { usage: 'set cert delete <service>-trust NAME', summary: 'delete a trust certificate' },
  { usage: 'utils finesse cors status', summary: 'whether CORS is enabled for the REST API and desktop' },
  { usage: 'utils finesse cors enable|disable', summary: 'switch CORS for the REST API and desktop' },
  { usage: 'utils finesse cors allowed_origin list', summary: 'the allowed origins of the REST API and desktop' },
  { usage: 'utils finesse cors allowed_origin add|delete <origin>', summary: 'e.g. add https://app.example.com' },
  { usage: 'utils cuic cors status|enable|disable', summary: 'the same for Live Data (12015)' },
  { usage: 'utils cuic cors allowed_origin list|add|delete [<origin>]', summary: 'the Live Data allow-list' },
  { usage: 'utils notification cors status|enable|disable', summary: 'the same for BOSH and WebSocket (7443, 8445)' },
  { usage: 'utils notification cors allowed_origin list|add|delete [<origin>]', summary: 'the BOSH and WebSocket allow-list' },
  { usage: 'show cors', summary: 'CORS of every service: state, allowed origins, answer settings' },
  { usage: 'utils cors quickcheck <url|finesse|notification|livedata> [--origin O] [--method M] [--header H]…', summary: 'send a preflight and the request as a browser would; explain the outcome in the browser console\'s words' },
  { usage: 'show sessions [--user ID] [--all]', summary: 'every XMPP session: JID, transport, client address, last active, held requests, subscriptions' },
  { usage: 'show cti status', summary: 'the CTI link state, side and reason' },
  { usage: 'utils finesse notification logging enable|disable', summary: 'notification service debug logging' },
  { usage: 'utils uccx notification-service log enable|disable', summary: 'the same, UCCX wording' },
  { usage: 'file get activelog desktop|/desktop recurs compress', summary: 'collect the logs, a redacted configuration and a status summary into a .tar.gz' },
  { usage: 'utils system restart', summary: 'restart every service of this node' },
  { usage: 'user bulk-add --first ID --count N --password P [--team T]', summary: 'create many agents for load tests' },
  { usage: 'sim call --queue N --ani DIGITS [--dnis DIGITS] [--var NAME=VALUE]', summary: 'offer a simulated inbound call to a queue' },
  { usage: 'sim hangup <callId>', summary: 'the caller of a simulated call hangs up' },
  { usage: 'sim scenario <file.json>|stop|status', summary: 'run a load/demo scenario on the embedded ACD' },
  { usage: 'show cti', summary: 'the CTI link: state, side in use, A and B side settings' },
  { usage: 'set cti side a|b <host> <port> [tls on|off]', summary: 'change the CTI server A or B side; reconnects without a restart' },
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
