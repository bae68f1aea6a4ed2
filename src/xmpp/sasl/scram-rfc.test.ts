// The published SCRAM examples, byte for byte: [RFC 5802] §5 (SCRAM-SHA-1) and [RFC 7677] §3 (SCRAM-SHA-256).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { RFC_SALT_SHA1, RFC_SALT_SHA256, depsWith, rfcCredentials } from './fixtures.test-helper.js';
import { createMechanism } from './mechanisms.js';

const creds = rfcCredentials();

const EXAMPLES = [
  {
    rfc: 'RFC 5802 §5',
    mechanism: 'SCRAM-SHA-1',
    serverNonce: '3rfcNHYJY1ZVvWVs7j',
    clientFirst: 'n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL',
    serverFirst: `r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=${RFC_SALT_SHA1},i=4096`,
    clientFinal: 'c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=',
    serverFinal: 'v=rmF9pqV8S7suAoZWja4dJRkFsKQ=',
  },
  {
    rfc: 'RFC 7677 §3',
    mechanism: 'SCRAM-SHA-256',
    serverNonce: '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0',
    clientFirst: 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO',
    serverFirst: `r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=${RFC_SALT_SHA256},i=4096`,
    clientFinal: 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
    serverFinal: 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
  },
] as const;

describe('SCRAM published examples', () => {
  for (const ex of EXAMPLES) {
    it(`reproduces the ${ex.rfc} exchange (${ex.mechanism})`, () => {
      const mech = createMechanism(ex.mechanism, depsWith({ user: creds }, { randomNonce: () => ex.serverNonce }))!;
      const first = mech.start(Buffer.from(ex.clientFirst));
      assert.equal(first.kind, 'challenge');
      assert.equal(first.kind === 'challenge' && first.data.toString('utf8'), ex.serverFirst);
      const final = mech.step(Buffer.from(ex.clientFinal));
      assert.deepEqual(final, { kind: 'success', username: 'user', additionalData: Buffer.from(ex.serverFinal) });
    });

    it(`refuses the ${ex.rfc} client-final with one proof bit flipped`, () => {
      const mech = createMechanism(ex.mechanism, depsWith({ user: creds }, { randomNonce: () => ex.serverNonce }))!;
      mech.start(Buffer.from(ex.clientFirst));
      const proof = Buffer.from(ex.clientFinal.slice(ex.clientFinal.indexOf(',p=') + 3), 'base64');
      proof[0]! ^= 1;
      const tampered = `${ex.clientFinal.slice(0, ex.clientFinal.indexOf(',p=') + 3)}${proof.toString('base64')}`;
      assert.deepEqual(mech.step(Buffer.from(tampered)), { kind: 'failure', condition: 'not-authorized' });
    });
  }

  it('stores the same StoredKey and ServerKey as Python hashlib/hmac compute (independent cross-check)', (t) => {
    const script = [
      'import base64,hashlib,hmac,json',
      'out={}',
      `for h,salt in (("sha1","${RFC_SALT_SHA1}"),("sha256","${RFC_SALT_SHA256}")):`,
      '  sp=hashlib.pbkdf2_hmac(h,b"pencil",base64.b64decode(salt),4096)',
      '  ck=hmac.new(sp,b"Client Key",h).digest()',
      '  out[h]=[base64.b64encode(hashlib.new(h,ck).digest()).decode(),base64.b64encode(hmac.new(sp,b"Server Key",h).digest()).decode()]',
      'print(json.dumps(out))',
    ].join('\n');
    const py = spawnSync('python3', ['-c', script], { encoding: 'utf8' });
    if (py.error || py.status !== 0) {
      t.skip('python3 not available');
      return;
    }
    const out = JSON.parse(py.stdout) as Record<'sha1' | 'sha256', [string, string]>;
    assert.deepEqual(out.sha1, [creds['SHA-1'].storedKey, creds['SHA-1'].serverKey]);
    assert.deepEqual(out.sha256, [creds['SHA-256'].storedKey, creds['SHA-256'].serverKey]);
  });
});
