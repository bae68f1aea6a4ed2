// Prosody under test for the TCP benchmark (prosody-process.ts): one c2s port, STARTTLS required or
// plaintext PLAIN allowed as the run asks.
import { launchProsody } from './prosody-process.js';
import type { ServerOptions, ServerUnderTest } from './server.js';

export async function startProsody(opts: ServerOptions): Promise<ServerUnderTest> {
  const p = await launchProsody(opts, { dirPrefix: 'prosody-bench-' });
  return {
    name: 'Prosody',
    version: p.version,
    pid: p.pid,
    port: p.port,
    ca: p.certPem,
    configText: [
      p.configText,
      p.accountsNote,
      `TLS: self-signed RSA 2048 certificate made with openssl (${opts.tls ? 'STARTTLS required' : 'no TLS; plaintext PLAIN allowed'}).`,
      'SASL PLAIN is checked by PBKDF2-HMAC-SHA-1 with the stored iteration count.',
    ].join('\n'),
    async provision() { /* accounts were written before the start */ },
    createsNodes: true,
    stop: () => p.stop(),
    logTail: () => p.logTail(),
  };
}
