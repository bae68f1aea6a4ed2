import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, loadConfigOrThrow, locateData, type LoadOptions } from './load.js';
import { ConfigError, formatIssues, type ConfigIssue } from './issues.js';
import type { ParleyConfig } from './schema.js';

let dir: string;
before(() => { dir = mkdtempSync(join(tmpdir(), 'parley-config-')); });
after(() => rmSync(dir, { recursive: true, force: true }));

function fresh(): string {
  return mkdtempSync(join(dir, 'case-'));
}

function ok(options: LoadOptions): ParleyConfig {
  const r = loadConfig({ env: {}, cwd: fresh(), hasIpv6: () => true, ...options });
  if (!r.ok) assert.fail(formatIssues(r.issues));
  return r.config;
}

function issues(options: LoadOptions): readonly ConfigIssue[] {
  const r = loadConfig({ env: {}, cwd: fresh(), hasIpv6: () => true, ...options });
  assert.equal(r.ok, false, 'expected the configuration to be rejected');
  return r.ok ? [] : r.issues;
}

function writeJson(name: string, content: unknown): string {
  const path = join(fresh(), name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('loadConfig: defaults', () => {
  it('gives the contract defaults', () => {
    const cwd = fresh();
    const c = loadConfigOrThrow({ env: {}, cwd, hasIpv6: () => true });
    assert.equal(c.data, join(cwd, 'data'));
    assert.equal(c.fqdn, 'localhost');
    assert.deepEqual({ ...c.ports }, { https: 8445, notification: 7443, xmpp: 5222, xmpps: 5223, cti: 42030, livedata: 12015 });
    assert.equal(c.xmpp.allowPlaintextAuth, false);
    assert.equal(c.xmpp.requireStarttls, true);
    assert.equal(c.bosh.inactivityS, 60);
    assert.equal(c.agents.logoutGraceS, 60);
    assert.equal(c.logLevel, 'info');
    assert.equal(c.configFile, null);
  });

  it('gives the finer defaults', () => {
    const c = ok({});
    assert.deepEqual({ ...c.xmpp }, {
      allowPlaintextAuth: false, requireStarttls: true, stanzaSizeLimit: 262144, maxDepth: 32, pingIntervalS: 60,
      pingTimeoutS: 30, unauthenticatedTimeoutS: 30, maxConnectionsPerIp: 500, saslMaxAttempts: 3,
    });
    assert.deepEqual({ ...c.offline }, { maxMessages: 500, maxBytes: 1048576 });
    assert.equal(c.auth.scramIterations, 4096);
    assert.equal(c.pubsub.maxItemsPerNode, 10);
  });

  it('binds to all interfaces by default: :: with IPv6, 0.0.0.0 without', () => {
    assert.equal(ok({ hasIpv6: () => true }).bind, '::');
    assert.equal(ok({ hasIpv6: () => false }).bind, '0.0.0.0');
    assert.equal(ok({ argv: ['--bind', '*'], hasIpv6: () => false }).bind, '0.0.0.0');
    assert.equal(ok({ argv: ['--bind', '127.0.0.1'] }).bind, '127.0.0.1');
  });

  it('deep-freezes the result', () => {
    const c = ok({});
    assert.ok(Object.isFrozen(c));
    assert.ok(Object.isFrozen(c.ports));
    assert.ok(Object.isFrozen(c.xmpp));
    assert.throws(() => { (c.ports as { https: number }).https = 1; }, TypeError);
    assert.throws(() => { (c as { fqdn: string }).fqdn = 'x'; }, TypeError);
  });
});

describe('loadConfig: every contract option by flag and by environment variable', () => {
  const cases: [flag: string, env: string, value: string, read: (c: ParleyConfig) => unknown, expected: unknown][] = [
    ['--fqdn', 'PARLEY_FQDN', 'Fin1.Example.com', (c) => c.fqdn, 'fin1.example.com'],
    ['--port-https', 'PARLEY_PORT_HTTPS', '9001', (c) => c.ports.https, 9001],
    ['--port-notification', 'PARLEY_PORT_NOTIFICATION', '9002', (c) => c.ports.notification, 9002],
    ['--port-xmpp', 'PARLEY_PORT_XMPP', '9003', (c) => c.ports.xmpp, 9003],
    ['--port-xmpps', 'PARLEY_PORT_XMPPS', '9004', (c) => c.ports.xmpps, 9004],
    ['--port-cti', 'PARLEY_PORT_CTI', '9005', (c) => c.ports.cti, 9005],
    ['--port-livedata', 'PARLEY_PORT_LIVEDATA', '9006', (c) => c.ports.livedata, 9006],
    ['--inactivity', 'PARLEY_INACTIVITY', '90', (c) => c.bosh.inactivityS, 90],
    ['--logout-grace', 'PARLEY_LOGOUT_GRACE', '0', (c) => c.agents.logoutGraceS, 0],
    ['--bind', 'PARLEY_BIND', '127.0.0.1', (c) => c.bind, '127.0.0.1'],
    ['--log-level', 'PARLEY_LOG_LEVEL', 'debug', (c) => c.logLevel, 'debug'],
  ];
  for (const [flag, env, value, read, expected] of cases) {
    it(`${flag} and ${env}`, () => {
      assert.equal(read(ok({ argv: [flag, value] })), expected);
      assert.equal(read(ok({ argv: [`${flag}=${value}`] })), expected);
      assert.equal(read(ok({ env: { [env]: value } })), expected);
    });
  }

  it('--data and PARLEY_DATA, resolved to an absolute path', () => {
    const cwd = fresh();
    assert.equal(ok({ cwd, argv: ['--data', 'state'] }).data, join(cwd, 'state'));
    assert.equal(ok({ cwd, env: { PARLEY_DATA: '../other' } }).data, join(cwd, '..', 'other'));
    assert.equal(ok({ cwd, argv: ['--data', '/abs/where'] }).data, '/abs/where');
  });

  it('--xmpp-allow-plaintext-auth is a switch; PARLEY_XMPP_ALLOW_PLAINTEXT_AUTH takes true/1/yes/on', () => {
    const on = ok({ argv: ['--xmpp-allow-plaintext-auth'] });
    assert.equal(on.xmpp.allowPlaintextAuth, true);
    assert.equal(on.xmpp.requireStarttls, false, 'requireStarttls follows as the inverse');
    for (const v of ['true', '1', 'yes', 'on', 'TRUE']) assert.equal(ok({ env: { PARLEY_XMPP_ALLOW_PLAINTEXT_AUTH: v } }).xmpp.allowPlaintextAuth, true);
    for (const v of ['false', '0', 'no', 'off']) assert.equal(ok({ env: { PARLEY_XMPP_ALLOW_PLAINTEXT_AUTH: v } }).xmpp.allowPlaintextAuth, false);
    assert.equal(ok({ argv: ['--xmpp-allow-plaintext-auth=false'] }).xmpp.allowPlaintextAuth, false);
    assert.equal(ok({ argv: ['--xmpp-allow-plaintext-auth', 'false'] }).xmpp.allowPlaintextAuth, false);
    assert.equal(ok({ argv: ['--no-xmpp-allow-plaintext-auth'], env: { PARLEY_XMPP_ALLOW_PLAINTEXT_AUTH: '1' } }).xmpp.allowPlaintextAuth, false);
  });

  it('port 0 (any free port) is allowed, also for several listeners at once', () => {
    const c = ok({ argv: ['--port-https', '0', '--port-notification', '0', '--port-xmpp', '0', '--port-xmpps', '0', '--port-cti', '0', '--port-livedata', '0'] });
    assert.deepEqual(Object.values(c.ports), [0, 0, 0, 0, 0, 0]);
  });

  it('treats an empty environment variable as unset', () => {
    assert.equal(ok({ env: { PARLEY_PORT_HTTPS: '', PARLEY_FQDN: '  ' } }).ports.https, 8445);
  });

  it('reads the finer settings from PARLEY_<SECTION>_<NAME>', () => {
    const c = ok({ env: {
      PARLEY_XMPP_STANZA_SIZE_LIMIT: '300000', PARLEY_XMPP_MAX_DEPTH: '20', PARLEY_XMPP_PING_INTERVAL_S: '0',
      PARLEY_XMPP_PING_TIMEOUT_S: '10', PARLEY_XMPP_UNAUTHENTICATED_TIMEOUT_S: '5', PARLEY_XMPP_MAX_CONNECTIONS_PER_IP: '20000',
      PARLEY_XMPP_SASL_MAX_ATTEMPTS: '5', PARLEY_OFFLINE_MAX_MESSAGES: '0', PARLEY_OFFLINE_MAX_BYTES: '2048',
      PARLEY_AUTH_SCRAM_ITERATIONS: '10000', PARLEY_PUBSUB_MAX_ITEMS_PER_NODE: '1', PARLEY_XMPP_REQUIRE_STARTTLS: 'false',
    } });
    assert.deepEqual({ ...c.xmpp }, {
      allowPlaintextAuth: false, requireStarttls: false, stanzaSizeLimit: 300000, maxDepth: 20, pingIntervalS: 0,
      pingTimeoutS: 10, unauthenticatedTimeoutS: 5, maxConnectionsPerIp: 20000, saslMaxAttempts: 5,
    });
    assert.deepEqual({ ...c.offline }, { maxMessages: 0, maxBytes: 2048 });
    assert.equal(c.auth.scramIterations, 10000);
    assert.equal(c.pubsub.maxItemsPerNode, 1);
  });
});

describe('loadConfig: precedence flags > env > file > defaults', () => {
  it('each source overrides the weaker ones, setting by setting', () => {
    const file = writeJson('p.json', { fqdn: 'file.example.com', portHttps: 1001, portXmpp: 1002, portCti: 1003 });
    const c = ok({
      argv: ['--config', file, '--port-https', '3001'],
      env: { PARLEY_PORT_HTTPS: '2001', PARLEY_PORT_XMPP: '2002' },
    });
    assert.equal(c.ports.https, 3001, 'flag beats env and file');
    assert.equal(c.ports.xmpp, 2002, 'env beats file');
    assert.equal(c.ports.cti, 1003, 'file beats default');
    assert.equal(c.fqdn, 'file.example.com');
    assert.equal(c.ports.livedata, 12015, 'default');
    assert.equal(c.configFile, file);
  });

  it('reports where each value came from', () => {
    const file = writeJson('p.json', { portCti: 1003 });
    const r = loadConfig({ argv: ['--config', file, '--port-https', '0'], env: { PARLEY_FQDN: 'a.example' }, cwd: fresh() });
    assert.ok(r.ok);
    assert.equal(r.origins['ports.https'], 'flag');
    assert.equal(r.origins['fqdn'], 'env');
    assert.equal(r.origins['ports.cti'], 'file');
    assert.equal(r.origins['ports.xmpp'], 'default');
  });

  it('the last of a repeated flag wins', () => {
    assert.equal(ok({ argv: ['--port-https', '1', '--port-https', '2'] }).ports.https, 2);
  });
});

describe('loadConfig: the config file', () => {
  it('reads DATA/parley.json when no --config is given', () => {
    const cwd = fresh();
    mkdirSync(join(cwd, 'data'));
    writeFileSync(join(cwd, 'data', 'parley.json'), JSON.stringify({ portXmpp: 0, fqdn: 'fin1.example.com' }));
    const c = ok({ cwd });
    assert.equal(c.ports.xmpp, 0);
    assert.equal(c.fqdn, 'fin1.example.com');
    assert.equal(c.configFile, join(cwd, 'data', 'parley.json'));
  });

  it('takes the default file from the data directory named by --data or PARLEY_DATA', () => {
    const cwd = fresh();
    mkdirSync(join(cwd, 'elsewhere'));
    writeFileSync(join(cwd, 'elsewhere', 'parley.json'), JSON.stringify({ portCti: 7 }));
    assert.equal(ok({ cwd, argv: ['--data', 'elsewhere'] }).ports.cti, 7);
    assert.equal(ok({ cwd, env: { PARLEY_DATA: 'elsewhere' } }).ports.cti, 7);
  });

  it('PARLEY_CONFIG names the file too', () => {
    const file = writeJson('x.json', { portLivedata: 5 });
    assert.equal(ok({ env: { PARLEY_CONFIG: file } }).ports.livedata, 5);
  });

  it('accepts every contract option in camelCase and the nested sections', () => {
    const file = writeJson('all.json', {
      '// comment': 'ignored',
      data: 'state', fqdn: 'fin1.example.com', bind: '127.0.0.1', logLevel: 'warn',
      portHttps: 1, portNotification: 2, portXmpp: 3, portXmpps: 4, portCti: 5, portLivedata: 6,
      xmppAllowPlaintextAuth: true, inactivity: 30, logoutGrace: 45,
      xmpp: { stanzaSizeLimit: 20000, maxDepth: 16, pingIntervalS: 15, pingTimeoutS: 5, unauthenticatedTimeoutS: 7,
        maxConnectionsPerIp: 9, saslMaxAttempts: 2 },
      offline: { maxMessages: 10, maxBytes: 100 },
      auth: { scramIterations: 5000 },
      pubsub: { maxItemsPerNode: 3 },
    });
    const c = ok({ argv: ['--config', file] });
    assert.equal(c.data, join(file, '..', 'state'), 'relative paths in the file are relative to the file');
    assert.equal(c.fqdn, 'fin1.example.com');
    assert.equal(c.bind, '127.0.0.1');
    assert.equal(c.logLevel, 'warn');
    assert.deepEqual({ ...c.ports }, { https: 1, notification: 2, xmpp: 3, xmpps: 4, cti: 5, livedata: 6 });
    assert.equal(c.xmpp.allowPlaintextAuth, true);
    assert.equal(c.xmpp.requireStarttls, false);
    assert.equal(c.bosh.inactivityS, 30);
    assert.equal(c.agents.logoutGraceS, 45);
    assert.deepEqual({ ...c.xmpp, allowPlaintextAuth: undefined, requireStarttls: undefined }, {
      allowPlaintextAuth: undefined, requireStarttls: undefined, stanzaSizeLimit: 20000, maxDepth: 16, pingIntervalS: 15,
      pingTimeoutS: 5, unauthenticatedTimeoutS: 7, maxConnectionsPerIp: 9, saslMaxAttempts: 2,
    });
    assert.deepEqual({ ...c.offline }, { maxMessages: 10, maxBytes: 100 });
    assert.equal(c.auth.scramIterations, 5000);
    assert.equal(c.pubsub.maxItemsPerNode, 3);
  });

  it('accepts xmpp.allowPlaintextAuth as another spelling of xmppAllowPlaintextAuth', () => {
    const file = writeJson('alias.json', { xmpp: { allowPlaintextAuth: true } });
    assert.equal(ok({ argv: ['--config', file] }).xmpp.allowPlaintextAuth, true);
    const both = writeJson('both.json', { xmppAllowPlaintextAuth: true, xmpp: { allowPlaintextAuth: true } });
    assert.deepEqual(issues({ argv: ['--config', both] }).map((i) => i.code), ['ERR_CONFIG_CONFLICT']);
  });

  it('rejects unknown keys with a suggestion', () => {
    const file = writeJson('typo.json', { portXmp: 1, xmpp: { stanzaSizeLimt: 20000 }, config: 'other.json' });
    const found = issues({ argv: ['--config', file] });
    assert.deepEqual(found.map((i) => i.code), ['ERR_CONFIG_UNKNOWN_KEY', 'ERR_CONFIG_UNKNOWN_KEY', 'ERR_CONFIG_UNKNOWN_KEY']);
    assert.match(found[0]?.message ?? '', /did you mean "portXmpp"/);
    assert.match(found[1]?.message ?? '', /did you mean "xmpp.stanzaSizeLimit"/);
    assert.ok(found.every((i) => i.source === 'file' && i.where.startsWith(file)));
  });

  it('reports a malformed file with its position', () => {
    const file = writeJson('bad.json', '{\n  "portXmpp": 0,\n}\n');
    const found = issues({ argv: ['--config', file] });
    assert.equal(found.length, 1);
    assert.equal(found[0]?.code, 'ERR_CONFIG_FILE_MALFORMED');
    assert.equal(found[0]?.where, file);
    assert.match(found[0]?.message ?? '', /line 3/);
  });

  it('rejects a file that is not one JSON object', () => {
    for (const text of ['[1,2]', '"x"', 'null']) {
      const found = issues({ argv: ['--config', writeJson('notobj.json', text)] });
      assert.deepEqual(found.map((i) => i.code), ['ERR_CONFIG_FILE_MALFORMED']);
    }
  });

  it('reports a missing or unreadable --config file', () => {
    const missing = join(fresh(), 'nope.json');
    assert.deepEqual(issues({ argv: ['--config', missing] }).map((i) => i.code), ['ERR_CONFIG_FILE_UNREADABLE']);
    assert.deepEqual(issues({ argv: ['--config', fresh()] }).map((i) => i.code), ['ERR_CONFIG_FILE_UNREADABLE'], 'a directory');
    if (process.getuid?.() !== 0) {
      const locked = writeJson('locked.json', {});
      chmodSync(locked, 0o000);
      assert.deepEqual(issues({ argv: ['--config', locked] }).map((i) => i.code), ['ERR_CONFIG_FILE_UNREADABLE']);
    }
  });

  it('wants numbers and booleans as JSON values, not strings', () => {
    const file = writeJson('strings.json', { portHttps: '8445', xmppAllowPlaintextAuth: 'true' });
    const found = issues({ argv: ['--config', file] });
    assert.equal(found.length, 2);
    assert.match(found[0]?.message ?? '', /without quotes/);
  });

  it('a section must be an object', () => {
    const file = writeJson('section.json', { xmpp: 5 });
    assert.deepEqual(issues({ argv: ['--config', file] }).map((i) => i.code), ['ERR_CONFIG_INVALID_VALUE']);
  });

  it('DATA/parley.json cannot move the data directory', () => {
    const cwd = fresh();
    mkdirSync(join(cwd, 'data'));
    writeFileSync(join(cwd, 'data', 'parley.json'), JSON.stringify({ data: '/elsewhere' }));
    assert.deepEqual(issues({ cwd }).map((i) => i.code), ['ERR_CONFIG_CONFLICT']);
  });
});

describe('loadConfig: bad values are all reported at once, with their source', () => {
  it('collects flag, env and file problems in one report', () => {
    const file = writeJson('bad.json', { portCti: -1, fqdn: 'bad host!' });
    const found = issues({
      argv: ['--config', file, '--port-https', '70000', '--inactivity', '-5', '--port-xmpps', 'abc', '--prot-xmpp', '1'],
      env: { PARLEY_LOGOUT_GRACE: 'soon', PARLEY_LOG_LEVEL: 'loud' },
    });
    const where = found.map((i) => `${i.source} ${i.where}`);
    assert.deepEqual(where.sort(), [
      `file ${file}: "fqdn" = bad host!`,
      `file ${file}: "portCti" = -1`,
      'env PARLEY_LOGOUT_GRACE=soon',
      'env PARLEY_LOG_LEVEL=loud',
      'flag --inactivity -5',
      'flag --port-https 70000',
      'flag --port-xmpps abc',
      'flag --prot-xmpp',
    ].sort());
    const report = formatIssues(found);
    assert.match(report, /invalid configuration \(8 problems\)/);
    assert.match(report, /--prot-xmpp: unknown option \(did you mean --port-xmpp\?\)/);
  });

  it('rejects out-of-range and non-numeric values', () => {
    const bad: [string, string][] = [
      ['--port-https', '70000'], ['--port-https', '-1'], ['--port-https', '1.5'], ['--port-https', '12ab'], ['--port-https', ''],
      ['--inactivity', '0'], ['--inactivity', '-5'], ['--logout-grace', '86401'], ['--fqdn', 'no spaces'], ['--fqdn', '-x.com'],
      ['--bind', 'not an address'], ['--log-level', 'verbose'], ['--xmpp-allow-plaintext-auth=maybe', ''],
    ];
    for (const [flag, value] of bad) {
      const argv = value === '' && flag.includes('=') ? [flag] : [flag, value];
      const found = issues({ argv });
      assert.equal(found.length, 1, `${argv.join(' ')}: ${JSON.stringify(found)}`);
      assert.equal(found[0]?.code, 'ERR_CONFIG_INVALID_VALUE');
      assert.equal(found[0]?.source, 'flag');
    }
  });

  it('enforces the bounds of the finer settings', () => {
    const found = issues({ env: {
      PARLEY_XMPP_STANZA_SIZE_LIMIT: '9999', PARLEY_AUTH_SCRAM_ITERATIONS: '1000', PARLEY_XMPP_MAX_CONNECTIONS_PER_IP: '0',
      PARLEY_PUBSUB_MAX_ITEMS_PER_NODE: '0', PARLEY_OFFLINE_MAX_MESSAGES: '-1',
    } });
    assert.equal(found.length, 5);
    assert.ok(found.every((i) => i.source === 'env' && i.code === 'ERR_CONFIG_INVALID_VALUE'));
    assert.match(found.find((i) => i.where.startsWith('PARLEY_XMPP_STANZA'))?.message ?? '', /10000/);
  });

  it('reports a bad value even when a stronger source overrides it', () => {
    const found = issues({ argv: ['--port-https', '1'], env: { PARLEY_PORT_HTTPS: 'x' } });
    assert.deepEqual(found.map((i) => i.where), ['PARLEY_PORT_HTTPS=x']);
  });

  it('unknown flags, stray arguments and missing values', () => {
    const found = issues({ argv: ['--port-htps', '1', 'stray', '-x', '--fqdn'] });
    assert.deepEqual(found.map((i) => i.code), [
      'ERR_CONFIG_UNKNOWN_FLAG', 'ERR_CONFIG_UNEXPECTED_ARGUMENT', 'ERR_CONFIG_UNKNOWN_FLAG', 'ERR_CONFIG_MISSING_VALUE',
    ]);
    assert.match(found[0]?.message ?? '', /did you mean --port-https\?/);
    assert.deepEqual(issues({ argv: ['--port-https', '--fqdn', 'x'] }).map((i) => i.code), ['ERR_CONFIG_MISSING_VALUE']);
  });

  it('two listeners on one port', () => {
    const found = issues({ argv: ['--port-xmpps', '8445'] });
    assert.equal(found.length, 1);
    assert.equal(found[0]?.code, 'ERR_CONFIG_CONFLICT');
    assert.equal(found[0]?.where, '--port-xmpps 8445');
    assert.match(found[0]?.message ?? '', /--port-https \(default 8445\)/);
  });

  it('requireStarttls true contradicts plaintext auth', () => {
    const found = issues({ argv: ['--xmpp-allow-plaintext-auth'], env: { PARLEY_XMPP_REQUIRE_STARTTLS: 'true' } });
    assert.deepEqual(found.map((i) => i.code), ['ERR_CONFIG_CONFLICT']);
  });

  it('warns about unknown PARLEY_* variables without failing', () => {
    const r = loadConfig({ env: { PARLEY_PORT_HTTP: '1', PATH: '/bin' }, cwd: fresh() });
    assert.ok(r.ok);
    assert.deepEqual(r.warnings, ['unknown environment variable PARLEY_PORT_HTTP ignored (did you mean PARLEY_PORT_HTTPS?)']);
  });

  it('loadConfigOrThrow throws a ConfigError with every issue', () => {
    assert.throws(() => loadConfigOrThrow({ argv: ['--port-https', 'x', '--port-cti', 'y'], env: {}, cwd: fresh() }),
      (e: unknown) => e instanceof ConfigError && e.code === 'ERR_CONFIG_INVALID' && e.issues.length === 2);
  });
});

describe('locateData', () => {
  it('flag, then PARLEY_DATA, then an explicit config file, then ./data', () => {
    const cwd = fresh();
    const file = writeJson('c.json', { data: 'fromfile' });
    assert.deepEqual(locateData({ data: 'a', env: { PARLEY_DATA: 'b' }, cwd }), { ok: true, data: join(cwd, 'a') });
    assert.deepEqual(locateData({ env: { PARLEY_DATA: 'b' }, config: file, cwd }), { ok: true, data: join(cwd, 'b') });
    assert.deepEqual(locateData({ config: file, env: {}, cwd }), { ok: true, data: join(file, '..', 'fromfile') });
    assert.deepEqual(locateData({ env: { PARLEY_CONFIG: file }, cwd }), { ok: true, data: join(file, '..', 'fromfile') });
    assert.deepEqual(locateData({ env: {}, cwd }), { ok: true, data: join(cwd, 'data') });
  });

  it('reports an unreadable config file', () => {
    const r = locateData({ config: join(fresh(), 'missing.json'), env: {} });
    assert.equal(r.ok, false);
  });
});
