// Builds and starts a real Parley server for a test: a fresh data directory, every port 0, loopback only.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigOrThrow } from '../../src/config/load.js';
import { buildServer, type BuiltServer, type ReadyInfo } from '../../src/server.js';
import { silentLogger, type Logger } from '../../src/shared/logger.js';
import type { Clock } from '../../src/shared/clock.js';

export interface TestServer {
  server: BuiltServer;
  ready: ReadyInfo;
  data: string;
  stop(): Promise<void>;
}

/** `settings` is a config-file object (camelCase keys, nested sections), e.g. { xmpp: { pingIntervalS: 2 } }. */
export async function startTestServer(settings: Record<string, unknown> = {}, opts: { data?: string; clock?: Clock; log?: Logger } = {}): Promise<TestServer> {
  const data = opts.data ?? mkdtempSync(join(tmpdir(), 'parley-test-'));
  const configFile = join(data, 'test-config.json');
  writeFileSync(configFile, JSON.stringify(settings));
  const config = loadConfigOrThrow({
    argv: ['--data', data, '--config', configFile, '--bind', '127.0.0.1',
      '--port-https', '0', '--port-notification', '0', '--port-xmpp', '0', '--port-xmpps', '0',
      '--port-cti', '0', '--port-livedata', '0'],
    env: {},
  });
  const server = await buildServer(config, { log: opts.log ?? silentLogger, stderr: false, ...(opts.clock ? { clock: opts.clock } : {}) });
  const ready = await server.start();
  return {
    server,
    ready,
    data,
    async stop() {
      await server.stop();
      if (!opts.data) rmSync(data, { recursive: true, force: true });
    },
  };
}
