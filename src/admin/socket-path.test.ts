import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { adminSocketPath } from './socket-path.js';

describe('admin socket path', () => {
  it('is DATA/run/admin.sock', () => {
    assert.equal(adminSocketPath('/srv/parley/data', { platform: 'linux' }), '/srv/parley/data/run/admin.sock');
  });

  it('moves to a per-user temp directory when the data path is too long for a socket', () => {
    const deep = `/srv/${'x'.repeat(120)}`;
    const path = adminSocketPath(deep, { platform: 'linux', tmpDir: '/tmp', uid: 1000 });
    assert.match(path, /^\/tmp\/parley-1000\/admin-[0-9a-f]{16}\.sock$/);
    assert.equal(adminSocketPath(deep, { platform: 'linux', tmpDir: '/tmp', uid: 1000 }), path, 'stable');
    assert.notEqual(adminSocketPath(`${deep}y`, { platform: 'linux', tmpDir: '/tmp', uid: 1000 }), path);
  });

  it('is a named pipe on Windows', () => {
    assert.match(adminSocketPath('C:\\parley\\data', { platform: 'win32' }), /^\\\\\.\\pipe\\parley-admin-[0-9a-f]{16}$/);
  });
});
