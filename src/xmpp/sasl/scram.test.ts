// SCRAM flows: round trips, wrong passwords, unknown users, authzid, channel binding and -PLUS, state.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { deriveCredentials, type Credentials, type ScramHash } from '../../auth/credentials.js';
import { depsWith } from './fixtures.test-helper.js';
import type { SaslDeps, SaslStep } from './mechanism.js';
import { createMechanism } from './mechanisms.js';
import { ScramClient, scramLogin, type ScramClientOptions } from './scram-client.test-helper.js';
import { scramMechanism } from './scram.js';

const alice = deriveCredentials('wonderland');
const users: Record<string, Credentials> = { alice, 'a,b=c': deriveCredentials('odd name') };
const CB_DATA = randomBytes(32); // stands in for exportKeyingMaterial(32, 'EXPORTER-Channel-Binding', empty)
const withCb = (extra: Partial<SaslDeps> = {}): SaslDeps => depsWith(users, { channelBinding: { type: 'tls-exporter', data: CB_DATA }, ...extra });

const HASHES: { name: string; hash: ScramHash }[] = [{ name: 'SCRAM-SHA-1', hash: 'SHA-1' }, { name: 'SCRAM-SHA-256', hash: 'SHA-256' }];
const NOT_AUTHORIZED: SaslStep = { kind: 'failure', condition: 'not-authorized' };

function login(name: string, deps: SaslDeps, opts: Omit<ScramClientOptions, 'hash'>) {
  const mech = createMechanism(name, deps);
  assert.ok(mech, `${name} exists`);
  const hash: ScramHash = name.startsWith('SCRAM-SHA-256') ? 'SHA-256' : 'SHA-1';
  return { mech, ...scramLogin(mech, { hash, ...opts }) };
}

function serverFirstText(step: SaslStep): string {
  assert.equal(step.kind, 'challenge');
  return step.kind === 'challenge' ? step.data.toString('utf8') : '';
}

describe('SCRAM round trips', () => {
  for (const { name } of HASHES) {
    it(`${name}: logs in and proves the server to the client`, () => {
      const deps = depsWith(users);
      const { result, client } = login(name, deps, { username: 'alice', password: 'wonderland' });
      assert.equal(result.kind, 'success');
      assert.equal(result.kind === 'success' && result.username, 'alice');
      assert.ok(result.kind === 'success' && client.verifyServerFinal(result.additionalData));
      assert.deepEqual(deps.asked, ['alice']);
    });

    it(`${name}: refuses a wrong password with not-authorized and no server signature`, () => {
      const { result } = login(name, depsWith(users), { username: 'alice', password: 'Wonderland' });
      assert.deepEqual(result, NOT_AUTHORIZED);
    });
  }

  it('works without an initial response: empty challenge, then client-first', () => {
    const mech = createMechanism('SCRAM-SHA-256', depsWith(users))!;
    assert.deepEqual(mech.start(undefined), { kind: 'challenge', data: Buffer.alloc(0) });
    const client = new ScramClient({ hash: 'SHA-256', username: 'alice', password: 'wonderland' });
    const serverFirst = mech.step(client.first());
    assert.equal(serverFirst.kind, 'challenge');
    const result = mech.step(client.final(serverFirst.kind === 'challenge' ? serverFirst.data : Buffer.alloc(0)));
    assert.equal(result.kind, 'success');
  });

  it('looks users up by the NFC, lower-case username and reports that form', () => {
    const deps = depsWith(users);
    const { result } = login('SCRAM-SHA-1', deps, { username: 'ALICE', password: 'wonderland' });
    assert.equal(result.kind === 'success' && result.username, 'alice');
    assert.deepEqual(deps.asked, ['alice']);
  });

  it('decodes =2C and =3D in the username', () => {
    const deps = depsWith(users);
    const { client, result } = login('SCRAM-SHA-256', deps, { username: 'a,b=c', password: 'odd name' });
    assert.equal(client.clientFirstBare.split(',')[0], 'n=a=2Cb=3Dc');
    assert.equal(result.kind === 'success' && result.username, 'a,b=c');
  });

  it('ignores an unknown extension in client-final but keeps it in the AuthMessage', () => {
    const { result } = login('SCRAM-SHA-256', depsWith(users), { username: 'alice', password: 'wonderland', finalExtensions: 'x=ignored' });
    assert.equal(result.kind, 'success');
  });

  it('never runs PBKDF2 during a login (a billion stored iterations still log in at once)', () => {
    // Keys derived from a SaltedPassword chosen here, as if PBKDF2 had run at provisioning with i=10^9.
    const saltedPassword = randomBytes(32);
    const clientKey = createHmac('sha256', saltedPassword).update('Client Key').digest();
    const creds: Credentials = {
      ...alice,
      'SHA-256': {
        salt: randomBytes(16).toString('base64'),
        iterations: 1_000_000_000,
        storedKey: createHash('sha256').update(clientKey).digest('base64'),
        serverKey: createHmac('sha256', saltedPassword).update('Server Key').digest('base64'),
      },
    };
    const started = performance.now();
    const { result } = login('SCRAM-SHA-256', depsWith({ huge: creds }), { username: 'huge', saltedPassword });
    assert.equal(result.kind, 'success');
    assert.ok(performance.now() - started < 1000);
  });
});

describe('SCRAM unknown users', () => {
  /** The server-first-message with the (client and server) nonce replaced, to compare shapes. */
  function shape(name: string, deps: SaslDeps, username: string): string {
    const mech = createMechanism(name, { ...deps, randomNonce: () => 'SERVERNONCE' })!;
    return serverFirstText(mech.start(new ScramClient({ hash: 'SHA-1', username, clientNonce: 'CLIENTNONCE' }).first()));
  }
  const SHAPE = /^r=CLIENTNONCESERVERNONCE,s=[A-Za-z0-9+/]{22}==,i=4096$/;

  for (const { name } of HASHES) {
    it(`${name}: answers an unknown name with a server-first-message of the same shape as a real user's`, () => {
      const deps = depsWith(users);
      assert.match(shape(name, deps, 'alice'), SHAPE);
      assert.match(shape(name, deps, 'mallory'), SHAPE);
    });

    it(`${name}: fails an unknown name only at the end, exactly like a wrong password`, () => {
      const unknown = login(name, depsWith(users), { username: 'mallory', password: 'wonderland' });
      const wrong = login(name, depsWith(users), { username: 'alice', password: 'guess' });
      assert.equal(unknown.serverFirst.kind, 'challenge');
      assert.deepEqual(unknown.result, wrong.result);
      assert.deepEqual(unknown.result, NOT_AUTHORIZED);
    });
  }

  it('shows the same decoy salt for the same name every time, and different ones for other names and hashes', () => {
    const deps = depsWith(users);
    const salt = (name: string, user: string) => /s=([^,]+)/.exec(shape(name, deps, user))![1];
    assert.equal(salt('SCRAM-SHA-1', 'mallory'), salt('SCRAM-SHA-1', 'mallory'));
    assert.equal(salt('SCRAM-SHA-1', 'mallory'), salt('SCRAM-SHA-1', 'MALLORY'));
    assert.notEqual(salt('SCRAM-SHA-1', 'mallory'), salt('SCRAM-SHA-1', 'trudy'));
    assert.notEqual(salt('SCRAM-SHA-1', 'mallory'), salt('SCRAM-SHA-256', 'mallory'));
  });

  it('keys decoy salts by decoySecret and shows decoyIterations', () => {
    const a = shape('SCRAM-SHA-256', depsWith(users, { decoySecret: Buffer.from('one') }), 'mallory');
    const b = shape('SCRAM-SHA-256', depsWith(users, { decoySecret: Buffer.from('two') }), 'mallory');
    assert.notEqual(a, b);
    assert.equal(a, shape('SCRAM-SHA-256', depsWith(users, { decoySecret: Buffer.from('one') }), 'mallory'));
    assert.match(shape('SCRAM-SHA-256', depsWith(users, { decoyIterations: 8192 }), 'mallory'), /,i=8192$/);
  });
});

describe('SCRAM authzid', () => {
  const cases: [string, string | undefined, SaslStep['kind'] | 'invalid-authzid'][] = [
    ['own username', 'alice', 'success'],
    ['own username, other case', 'Alice', 'success'],
    ['own bare JID', 'alice@localhost', 'success'],
    ['own bare JID, other case', 'ALICE@LocalHost', 'success'],
    ['someone else', 'bob', 'invalid-authzid'],
    ['someone else\'s JID', 'bob@localhost', 'invalid-authzid'],
    ['own name on another domain', 'alice@elsewhere', 'invalid-authzid'],
    ['a full JID', 'alice@localhost/desktop', 'invalid-authzid'],
    ['a domain JID', 'localhost', 'invalid-authzid'],
    ['with comma and equals (saslname-encoded)', 'alice,=x', 'invalid-authzid'],
  ];
  for (const [label, authzid, expected] of cases) {
    it(`${label}: ${expected}`, () => {
      const { result } = login('SCRAM-SHA-1', depsWith(users, { domain: 'localhost' }), { username: 'alice', password: 'wonderland', authzid });
      assert.equal(result.kind === 'failure' ? result.condition : result.kind, expected);
    });
  }

  it('accepts an own JID on any domain when no domain is configured', () => {
    const { result } = login('SCRAM-SHA-1', depsWith(users), { username: 'alice', password: 'wonderland', authzid: 'alice@anywhere' });
    assert.equal(result.kind, 'success');
  });
});

describe('SCRAM channel binding', () => {
  for (const name of ['SCRAM-SHA-1-PLUS', 'SCRAM-SHA-256-PLUS']) {
    it(`${name}: logs in with matching tls-exporter data`, () => {
      const { result, client } = login(name, withCb(), { username: 'alice', password: 'wonderland', channelBinding: { type: 'tls-exporter', data: CB_DATA } });
      assert.equal(client.gs2Header, 'p=tls-exporter,,');
      assert.ok(result.kind === 'success' && client.verifyServerFinal(result.additionalData));
    });

    it(`${name}: refuses other channel-binding data (a man in the middle) with not-authorized`, () => {
      const { result } = login(name, withCb(), { username: 'alice', password: 'wonderland', channelBinding: { type: 'tls-exporter', data: randomBytes(32) } });
      assert.equal(result.kind === 'failure' && result.condition, 'not-authorized');
    });
  }

  it('-PLUS supports tls-server-end-point when that is what the glue supplies', () => {
    const data = randomBytes(32);
    const deps = depsWith(users, { channelBinding: { type: 'tls-server-end-point', data } });
    const { result } = login('SCRAM-SHA-256-PLUS', deps, { username: 'alice', password: 'wonderland', channelBinding: { type: 'tls-server-end-point', data } });
    assert.equal(result.kind, 'success');
  });

  const refusals: [string, string, Partial<ScramClientOptions>, SaslDeps, string][] = [
    ['-PLUS with flag n', 'SCRAM-SHA-256-PLUS', { gs2Flag: 'n' }, withCb(), 'malformed-request'],
    ['-PLUS with flag y', 'SCRAM-SHA-256-PLUS', { gs2Flag: 'y' }, withCb(), 'malformed-request'],
    ['-PLUS with another binding type', 'SCRAM-SHA-1-PLUS', { channelBinding: { type: 'tls-unique', data: CB_DATA } }, withCb(), 'malformed-request'],
    ['p= on a non-PLUS mechanism', 'SCRAM-SHA-256', { channelBinding: { type: 'tls-exporter', data: CB_DATA } }, withCb(), 'malformed-request'],
    ['p= on a non-PLUS mechanism without binding', 'SCRAM-SHA-1', { channelBinding: { type: 'tls-exporter', data: CB_DATA } }, depsWith(users), 'malformed-request'],
    ['y while the server offers -PLUS (downgrade)', 'SCRAM-SHA-256', { gs2Flag: 'y' }, withCb(), 'not-authorized'],
    ['y while the server offers -PLUS (downgrade, SHA-1)', 'SCRAM-SHA-1', { gs2Flag: 'y' }, withCb(), 'not-authorized'],
  ];
  for (const [label, name, opts, deps, condition] of refusals) {
    it(`refuses ${label} with ${condition}`, () => {
      const { serverFirst } = login(name, deps, { username: 'alice', password: 'wonderland', ...opts });
      assert.equal(serverFirst.kind === 'failure' && serverFirst.condition, condition);
    });
  }

  it('accepts y when the server cannot bind, and n when it can', () => {
    assert.equal(login('SCRAM-SHA-1', depsWith(users), { username: 'alice', password: 'wonderland', gs2Flag: 'y' }).result.kind, 'success');
    assert.equal(login('SCRAM-SHA-1', withCb(), { username: 'alice', password: 'wonderland', gs2Flag: 'n' }).result.kind, 'success');
  });

  it('refuses a c= that does not echo the gs2-header with not-authorized', () => {
    const mech = createMechanism('SCRAM-SHA-1', depsWith(users))!;
    const client = new ScramClient({ hash: 'SHA-1', username: 'alice', password: 'wonderland', authzid: 'alice' });
    const first = mech.start(client.first());
    // A valid final for "n,," while the client-first said "n,a=alice,".
    const final = client.final(first.kind === 'challenge' ? first.data : Buffer.alloc(0)).toString().replace(/^c=[^,]+/, 'c=biws');
    assert.deepEqual(mech.step(Buffer.from(final)), { kind: 'failure', condition: 'not-authorized', text: 'channel binding mismatch' });
  });

  it('throws when asked to build a -PLUS mechanism without binding data', () => {
    assert.throws(() => scramMechanism('SHA-1', true, depsWith(users)), /channel-binding/);
  });
});

describe('SCRAM state', () => {
  it('fails every message after success', () => {
    const { mech, result } = login('SCRAM-SHA-1', depsWith(users), { username: 'alice', password: 'wonderland' });
    assert.equal(result.kind, 'success');
    assert.equal(mech.step(Buffer.alloc(0)).kind, 'failure');
    assert.equal(mech.start(undefined).kind, 'failure');
  });

  it('fails every message after a failure', () => {
    const mech = createMechanism('SCRAM-SHA-256', depsWith(users))!;
    assert.equal(mech.start(Buffer.from('garbage')).kind, 'failure');
    const client = new ScramClient({ hash: 'SHA-256', username: 'alice', password: 'wonderland' });
    assert.deepEqual(mech.step(client.first()), { kind: 'failure', condition: 'malformed-request' });
  });

  it('refuses a second start', () => {
    const mech = createMechanism('SCRAM-SHA-256', depsWith(users))!;
    mech.start(undefined);
    assert.equal(mech.start(undefined).kind, 'failure');
  });

  it('uses a fresh random server nonce per attempt by default', () => {
    const nonce = () => {
      const mech = createMechanism('SCRAM-SHA-1', depsWith(users))!;
      return /^r=c([^,]+),/.exec(serverFirstText(mech.start(Buffer.from('n,,n=alice,r=c'))))![1]!;
    };
    const a = nonce();
    assert.match(a, /^[A-Za-z0-9+/]{24}$/);
    assert.notEqual(a, nonce());
  });

  it('throws when an injected randomNonce returns a non-printable nonce (programmer error)', () => {
    const mech = createMechanism('SCRAM-SHA-1', depsWith(users, { randomNonce: () => 'a,b' }))!;
    assert.throws(() => mech.start(Buffer.from('n,,n=alice,r=c')), /randomNonce/);
  });
});
