// The offer list, the factory, the size limit and the provider the session glue uses.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { deriveCredentials } from '../../auth/credentials.js';
import type { SaslProvider } from '../session/sasl-negotiation.js';
import { decoyCredentials, decoyKeys } from './decoy.js';
import { depsWith } from './fixtures.test-helper.js';
import type { SaslServerMechanism } from './mechanism.js';
import { MAX_SASL_MESSAGE_BYTES, MECHANISM_NAMES, createMechanism, offeredMechanisms, withSizeLimit } from './mechanisms.js';
import { saslProvider } from './provider.js';
import { scramLogin } from './scram-client.test-helper.js';

const users = { alice: deriveCredentials('wonderland') };

describe('offeredMechanisms', () => {
  const cases: [string, { isSecure: boolean; allowPlaintextPlain: boolean; hasChannelBinding: boolean }, string[]][] = [
    ['TLS 1.3 with binding', { isSecure: true, allowPlaintextPlain: false, hasChannelBinding: true }, [...MECHANISM_NAMES]],
    ['TLS without binding', { isSecure: true, allowPlaintextPlain: false, hasChannelBinding: false }, ['SCRAM-SHA-256', 'SCRAM-SHA-1', 'PLAIN']],
    ['plaintext', { isSecure: false, allowPlaintextPlain: false, hasChannelBinding: false }, ['SCRAM-SHA-256', 'SCRAM-SHA-1']],
    ['plaintext, PLAIN allowed', { isSecure: false, allowPlaintextPlain: true, hasChannelBinding: false }, ['SCRAM-SHA-256', 'SCRAM-SHA-1', 'PLAIN']],
    ['binding data claimed on plaintext', { isSecure: false, allowPlaintextPlain: false, hasChannelBinding: true }, ['SCRAM-SHA-256', 'SCRAM-SHA-1']],
  ];
  for (const [label, ctx, expected] of cases) {
    it(label, () => assert.deepEqual(offeredMechanisms(ctx), expected));
  }

  it('lists the strongest first, -PLUS before plain SCRAM before PLAIN', () => {
    assert.deepEqual(MECHANISM_NAMES, ['SCRAM-SHA-256-PLUS', 'SCRAM-SHA-1-PLUS', 'SCRAM-SHA-256', 'SCRAM-SHA-1', 'PLAIN']);
  });
});

describe('createMechanism', () => {
  it('builds every offered mechanism under its own name', () => {
    const deps = depsWith(users, { channelBinding: { type: 'tls-exporter', data: randomBytes(32) } });
    for (const name of MECHANISM_NAMES) assert.equal(createMechanism(name, deps)?.name, name);
  });

  it('returns undefined for names it does not implement (the glue answers invalid-mechanism)', () => {
    for (const name of ['', 'DIGEST-MD5', 'CRAM-MD5', 'ANONYMOUS', 'EXTERNAL', 'X-OAUTH2', 'scram-sha-1', 'SCRAM-SHA-512', 'PLAIN ', 'SCRAM-SHA-1-PLUS-PLUS']) {
      assert.equal(createMechanism(name, depsWith(users)), undefined, name);
    }
  });

  it('returns undefined for -PLUS without channel-binding data', () => {
    assert.equal(createMechanism('SCRAM-SHA-1-PLUS', depsWith(users)), undefined);
    assert.equal(createMechanism('SCRAM-SHA-256-PLUS', depsWith(users)), undefined);
  });

  it('gives each attempt a fresh state', () => {
    const deps = depsWith(users);
    const a = createMechanism('SCRAM-SHA-1', deps)!;
    a.start(Buffer.from('garbage'));
    assert.equal(scramLogin(createMechanism('SCRAM-SHA-1', deps)!, { hash: 'SHA-1', username: 'alice', password: 'wonderland' }).result.kind, 'success');
  });
});

describe('withSizeLimit', () => {
  function recorder(): SaslServerMechanism & { seen: number[] } {
    const seen: number[] = [];
    return {
      name: 'REC',
      seen,
      start(initial) { seen.push(initial?.length ?? -1); return { kind: 'challenge', data: Buffer.alloc(0) }; },
      step(response) { seen.push(response.length); return { kind: 'challenge', data: Buffer.alloc(0) }; },
    };
  }

  it(`passes ${MAX_SASL_MESSAGE_BYTES} bytes and refuses one more`, () => {
    const inner = recorder();
    const mech = withSizeLimit(inner);
    assert.equal(mech.start(undefined).kind, 'challenge');
    assert.equal(mech.step(Buffer.alloc(MAX_SASL_MESSAGE_BYTES)).kind, 'challenge');
    assert.deepEqual(mech.step(Buffer.alloc(MAX_SASL_MESSAGE_BYTES + 1)), { kind: 'failure', condition: 'malformed-request', text: 'message too large' });
    assert.deepEqual(inner.seen, [-1, MAX_SASL_MESSAGE_BYTES]);
  });

  it('keeps failing after an oversized message, without calling the mechanism again', () => {
    const inner = recorder();
    const mech = withSizeLimit(inner, 10);
    assert.equal(mech.start(Buffer.alloc(11)).kind, 'failure');
    assert.equal(mech.step(Buffer.alloc(1)).kind, 'failure');
    assert.deepEqual(inner.seen, []);
  });
});

describe('saslProvider', () => {
  it('is the SaslProvider the session glue expects, and binds with tls-exporter', () => {
    const provider: SaslProvider = saslProvider({ lookup: depsWith(users).lookup, domain: 'localhost' });
    assert.deepEqual(provider.offered({ isSecure: true, allowPlaintextPlain: false, hasChannelBinding: true }), [...MECHANISM_NAMES]);
    const data = randomBytes(32);
    const mech = provider.create('SCRAM-SHA-256-PLUS', { channelBinding: data })!;
    const { result } = scramLogin(mech, { hash: 'SHA-256', username: 'alice', password: 'wonderland', channelBinding: { type: 'tls-exporter', data } });
    assert.equal(result.kind, 'success');
  });

  it('makes no -PLUS mechanism without binding data, and refuses "y" with it', () => {
    const provider = saslProvider({ lookup: depsWith(users).lookup });
    assert.equal(provider.create('SCRAM-SHA-1-PLUS', { channelBinding: undefined }), undefined);
    const mech = provider.create('SCRAM-SHA-1', { channelBinding: randomBytes(32) })!;
    const { result } = scramLogin(mech, { hash: 'SHA-1', username: 'alice', password: 'wonderland', gs2Flag: 'y' });
    assert.equal(result.kind === 'failure' && result.condition, 'not-authorized');
  });
});

describe('decoy keys', () => {
  it('are deterministic per (secret, hash, name) and shaped like derived credentials', () => {
    const secret = Buffer.from('s3cret');
    assert.deepEqual(decoyKeys('SHA-1', 'mallory', secret), decoyKeys('SHA-1', 'mallory', secret));
    assert.notDeepEqual(decoyKeys('SHA-1', 'mallory', secret), decoyKeys('SHA-1', 'mallory', Buffer.from('other')));
    const real = deriveCredentials('x');
    const fake = decoyCredentials('mallory', secret);
    for (const h of ['SHA-1', 'SHA-256'] as const) {
      for (const field of ['salt', 'storedKey', 'serverKey'] as const) {
        assert.equal(fake[h][field].length, real[h][field].length, `${h} ${field}`);
      }
      assert.equal(fake[h].iterations, real[h].iterations);
    }
  });
});
