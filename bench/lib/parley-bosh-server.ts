// Parley for the BOSH benchmark: the real `parley serve` process (parley-process.ts) with the BOSH
// settings of the comparison, measured on the `notification` HTTPS port (…/http-bind).
import type { BoshServerOptions, BoshServerUnderTest } from './bosh-server.js';
import { bulkAddLine, launchParley } from './parley-process.js';

export async function startParleyBosh(opts: BoshServerOptions): Promise<BoshServerUnderTest> {
  const p = await launchParley(opts, {
    dirPrefix: 'parley-bosh-bench-',
    env: {
      // All load comes from 127.0.0.1: no limit on BOSH session creations per address (600 a minute).
      PARLEY_BOSH_MAX_CREATIONS_PER_ADDRESS_PER_MINUTE: '0',
      PARLEY_BOSH_MAX_WAIT_S: String(opts.maxWaitS),
    },
    args: ['--inactivity', String(opts.inactivityS)],
  });
  const port = p.ports.xmpp;
  const notification = p.ports.notification;
  if (!port || !notification) throw new Error(`the ready line lacks the xmpp or notification port: ${JSON.stringify(p.ports)}`);
  return {
    name: 'Parley',
    version: p.version,
    sourceHash: p.sourceHash,
    pid: p.pid,
    port,
    ca: p.ca,
    boshUrl: `https://127.0.0.1:${notification}/http-bind`,
    boshCa: p.ca,
    pubsubStorage: 'items in memory (max_items 1); subscriptions in SQLite',
    configText: [
      `$ ${p.commandLine}`,
      bulkAddLine(opts),
      `BOSH: https://127.0.0.1:<notification port>/http-bind (Node https server, certificate from Parley's own CA, verified by the client);`,
      `inactivity ${opts.inactivityS} s, bosh.maxWaitS ${opts.maxWaitS}, bosh.maxHold 1 (default), requests = hold + 1 (default).`,
      'Storage: SQLite in DIR (users, subscriptions); pubsub items in memory (max_items 1 via PARLEY_PUBSUB_MAX_ITEMS_PER_NODE).',
      'Nodes: the Finesse User nodes that exist for every agent (no create); default config: notification_type normal,',
      'persist_items 1 (in memory), send_last_published_item never. Each user is auto-subscribed to its own User node;',
      'the benchmark also subscribes explicitly (same IQ as on the reference servers).',
      'SASL PLAIN is checked by PBKDF2-HMAC-SHA-256, 4096 iterations; one shared credential record for all bulk users.',
      'Publisher: admin (demo data, password admin) over TCP on the xmpp port with STARTTLS.',
    ].join('\n'),
    provision: (count) => p.provision(count, 300_000),
    createsNodes: false,
    pids: () => [p.pid],
    stop: () => p.stop(),
    logTail: () => p.logTail(),
  };
}
