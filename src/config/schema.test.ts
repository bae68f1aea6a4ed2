import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from './defaults.js';
import { CONFIG_OPTION, SETTINGS, camel, kebab, upperSnake } from './schema.js';
import { closest, editDistance } from '../shared/suggest.js';

function leaves(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? leaves(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]);
}

describe('config schema', () => {
  it('has exactly one setting per configurable value of ParleyConfig', () => {
    const paths = SETTINGS.map((s) => s.path).sort();
    assert.deepEqual(paths, leaves(DEFAULT_CONFIG).filter((p) => p !== 'configFile').sort());
    assert.equal(new Set(SETTINGS.map((s) => s.env)).size, SETTINGS.length, 'environment names are unique');
  });

  it('names the contract options, their flags and their environment variables as the contract does', () => {
    const flags = Object.fromEntries(SETTINGS.filter((s) => s.flag).map((s) => [`--${s.flag}`, s.env]));
    assert.deepEqual(flags, {
      '--data': 'PARLEY_DATA',
      '--fqdn': 'PARLEY_FQDN',
      '--bind': 'PARLEY_BIND',
      '--log-level': 'PARLEY_LOG_LEVEL',
      '--port-https': 'PARLEY_PORT_HTTPS',
      '--port-notification': 'PARLEY_PORT_NOTIFICATION',
      '--port-xmpp': 'PARLEY_PORT_XMPP',
      '--port-xmpps': 'PARLEY_PORT_XMPPS',
      '--port-cti': 'PARLEY_PORT_CTI',
      '--port-livedata': 'PARLEY_PORT_LIVEDATA',
      '--xmpp-allow-plaintext-auth': 'PARLEY_XMPP_ALLOW_PLAINTEXT_AUTH',
      '--inactivity': 'PARLEY_INACTIVITY',
      '--logout-grace': 'PARLEY_LOGOUT_GRACE',
    });
    assert.equal(CONFIG_OPTION.env, 'PARLEY_CONFIG');
    for (const s of SETTINGS.filter((x) => x.flag)) assert.equal(s.key, camel(s.flag ?? ''), 'config key = option name in camelCase');
  });

  it('converts names between styles', () => {
    assert.equal(upperSnake('xmppAllowPlaintextAuth'), 'XMPP_ALLOW_PLAINTEXT_AUTH');
    assert.equal(upperSnake('xmpp.pingIntervalS'), 'XMPP_PING_INTERVAL_S');
    assert.equal(kebab('portLivedata'), 'port-livedata');
    assert.equal(camel('logout-grace'), 'logoutGrace');
  });
});

describe('suggestions', () => {
  it('edit distance', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('same', 'same'), 0);
  });

  it('picks a close candidate or none', () => {
    assert.equal(closest('--port-htps', ['--port-https', '--port-xmpps']), '--port-https');
    assert.equal(closest('--completely-else', ['--port-https', '--fqdn']), undefined);
    assert.equal(closest('--log', ['--log-level', '--fqdn']), '--log-level', 'an abbreviation');
  });
});
