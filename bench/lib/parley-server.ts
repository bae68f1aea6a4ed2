// Parley under test for the TCP benchmark: the real `parley serve` process (parley-process.ts) with
// agents created by `parley admin user bulk-add`; the xmpp port (STARTTLS) is the one measured.
import { bulkAddLine, launchParley } from './parley-process.js';
import type { ServerOptions, ServerUnderTest } from './server.js';

export { parleySourceFingerprint } from './parley-process.js';

export async function startParley(opts: ServerOptions): Promise<ServerUnderTest> {
  const p = await launchParley(opts, {
    dirPrefix: 'parley-bench-',
    args: opts.tls ? [] : ['--xmpp-allow-plaintext-auth'],
  });
  const port = p.ports.xmpp;
  if (!port) throw new Error('the ready line has no xmpp port');
  return {
    name: 'Parley',
    version: p.version,
    sourceHash: p.sourceHash,
    pid: p.pid,
    port,
    ca: p.ca,
    configText: [
      `$ ${p.commandLine}`,
      bulkAddLine(opts),
      'Storage: SQLite in DIR (users, subscriptions); pubsub items in memory (max_items 1 via PARLEY_PUBSUB_MAX_ITEMS_PER_NODE).',
      'Nodes: the Finesse User nodes that exist for every agent (no create); default config: notification_type normal',
      '(no type attribute), persist_items 1 (in memory), send_last_published_item never, deliver_payloads 1.',
      `TLS: the server certificate issued by Parley's own CA at first start (${opts.tls ? 'STARTTLS required' : 'no TLS: --xmpp-allow-plaintext-auth'}).`,
      'SASL PLAIN is checked by PBKDF2-HMAC-SHA-256, 4096 iterations (auth.scramIterations default); one shared credential record for all bulk users.',
    ].join('\n'),
    provision: (count) => p.provision(count, 180_000),
    createsNodes: false,
    stop: () => p.stop(),
    logTail: () => p.logTail(),
  };
}
