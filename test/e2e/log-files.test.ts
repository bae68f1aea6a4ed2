// Issue 10 item 1 end to end: `log.format=json` for log shippers, and rotation by size, on the
// notification service's own files (DATA/logs/desktop/openfire/*.log).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer } from '../helpers/test-server.js';
import { TestXmppClient } from '../helpers/xmpp-client.js';

describe('log files', () => {
  it('log.format=json writes one JSON object per line, same messages; small log.maxFileBytes rotates', async () => {
    const ts = await startTestServer({ logLevel: 'debug', log: { format: 'json', maxFileBytes: 600, maxFiles: 2 } });
    try {
      for (let i = 0; i < 6; i++) {
        const c = await TestXmppClient.login({ port: ts.ready.ports.xmpp!, ca: ts.ready.ca, username: '1001001', password: 'agent', resource: `desktop${i}` });
        c.close();
        await c.waitClosed();
      }
      await new Promise((r) => setTimeout(r, 50));
      const dir = join(ts.data, 'logs', 'desktop', 'openfire');
      const info = readFileSync(join(dir, 'info.log'), 'utf8');
      const lines = info.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { time: string; level: string; logger: string; msg: string });
      assert.ok(lines.length > 0);
      for (const l of lines) {
        assert.match(l.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        assert.equal(l.logger, 'openfire');
      }
      assert.ok(info.length <= 600);
      assert.ok(existsSync(join(dir, 'info.log.1')), 'rotated');
      assert.ok(!existsSync(join(dir, 'info.log.3')), 'at most maxFiles rotated files');
      const all = [info, readFileSync(join(dir, 'info.log.1'), 'utf8')].join('');
      assert.match(all, /"msg":"A session is being closed for 1001001@localhost\/desktop\d"/);
    } finally {
      await ts.stop();
    }
  });
});
