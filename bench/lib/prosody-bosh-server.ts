// Prosody for the BOSH benchmark (prosody-process.ts): the TCP benchmark's configuration plus mod_bosh
// on an HTTPS (or HTTP) port of its own. Loopback only.
import type { BoshServerOptions, BoshServerUnderTest } from './bosh-server.js';
import { launchProsody } from './prosody-process.js';

export async function startProsodyBosh(opts: BoshServerOptions): Promise<BoshServerUnderTest> {
  const p = await launchProsody(opts, {
    dirPrefix: 'prosody-bosh-bench-',
    bosh: { tls: opts.boshTls, inactivityS: opts.inactivityS, maxWaitS: opts.maxWaitS },
  });
  return {
    name: 'Prosody',
    version: p.version,
    pid: p.pid,
    port: p.port,
    ca: p.certPem,
    boshUrl: `${opts.boshTls ? 'https' : 'http'}://127.0.0.1:${p.boshPort}/http-bind`,
    boshCa: opts.boshTls ? p.certPem : undefined,
    pubsubStorage: 'nodes and items in memory (storage "memory")',
    configText: [
      p.configText,
      p.accountsNote,
      `BOSH: mod_bosh (hold 1, requests 2 hard-coded in 0.12) over ${opts.boshTls ? 'HTTPS (self-signed RSA 2048 certificate, verified by the client)' : 'plain HTTP'}.`,
    ].join('\n'),
    async provision() { /* accounts were written before the start */ },
    createsNodes: true,
    pids: () => [p.pid],
    stop: () => p.stop(),
    logTail: () => p.logTail(),
  };
}
