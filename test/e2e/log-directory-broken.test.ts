// Issue 10, bad input: the log directory cannot be created (a file stands in its way). The server starts
// and serves anyway; each log file's problem is reported once on stderr, however many lines follow.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer } from '../helpers/test-server.js';
import { TestXmppClient } from '../helpers/xmpp-client.js';

describe('an unwritable log directory', () => {
  it('is reported once per file, clearly, and the server keeps serving', async () => {
    const data = mkdtempSync(join(tmpdir(), 'parley-nolog-'));
    writeFileSync(join(data, 'logs'), 'a file where the log directory should be');
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      written.push(String(chunk));
      return typeof rest[rest.length - 1] === 'function' ? (rest[rest.length - 1] as () => void)() ?? true : true;
    }) as typeof process.stderr.write;
    try {
      const ts = await startTestServer({ logLevel: 'debug' }, { data });
      for (let i = 0; i < 3; i++) {
        const c = await TestXmppClient.login({ port: ts.ready.ports.xmpp!, ca: ts.ready.ca, username: '1001001', password: 'agent', resource: `r${i}` });
        c.close();
        await c.waitClosed();
      }
      await ts.stop();
    } finally {
      process.stderr.write = original;
    }
    const problems = written.filter((l) => l.includes('cannot write log file'));
    const infoLog = problems.filter((l) => l.includes(join('openfire', 'info.log')));
    assert.equal(infoLog.length, 1, problems.join(''));
    assert.match(infoLog[0]!, /a part of the path is a file, not a directory; its lines are dropped until it works again \(the server keeps serving\)/);
    rmSync(data, { recursive: true, force: true });
  });
});
