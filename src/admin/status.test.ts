import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, formatStatus } from './status.js';

describe('show status', () => {
  it('formats durations', () => {
    assert.equal(formatDuration(0), '0s');
    assert.equal(formatDuration(59), '59s');
    assert.equal(formatDuration(3600), '1h 0m 0s');
    assert.equal(formatDuration(93784), '1d 2h 3m 4s');
  });

  it('aligns every value in one column', () => {
    const text = formatStatus({
      version: '0.1.0', uptimeS: 75, fqdn: 'localhost', data: '/srv/data',
      ports: { livedata: 12015, https: 8445, notification: 7443, xmpp: 5222, xmpps: 5223, cti: 42030 },
      sessions: { tcp: 3, bosh: 1200, websocket: 1 }, users: 10021, pubsubNodes: 40, offlineMessages: 0,
    });
    assert.equal(text, [
      'Parley status',
      'Version           0.1.0',
      'Uptime            1m 15s',
      'FQDN              localhost',
      'Data directory    /srv/data',
      'XMPP sessions     1,204 (tcp 3, bosh 1,200, websocket 1)',
      'Users             10,021',
      'Pubsub nodes      40',
      'Offline messages  0',
      'Ports',
      '  https           8445',
      '  notification    7443',
      '  xmpp            5222',
      '  xmpps           5223',
      '  cti             42030',
      '  livedata        12015',
      '',
    ].join('\n'));
  });
});
