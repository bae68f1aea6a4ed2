// Strict parsing of SCRAM messages ([RFC 5802] §7): every malformed variant fails, hostile bytes included.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deriveCredentials } from '../../auth/credentials.js';
import { depsWith } from './fixtures.test-helper.js';
import { createMechanism } from './mechanisms.js';
import { ScramClient } from './scram-client.test-helper.js';

const users = { alice: deriveCredentials('wonderland') };
const NONCE = 'cnSNONCE';
const start = (name = 'SCRAM-SHA-256') => createMechanism(name, depsWith(users, { randomNonce: () => 'SNONCE' }))!;
const bytes = (s: string | Buffer): Buffer => (typeof s === 'string' ? Buffer.from(s, 'utf8') : s);
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** 32 bytes end in "XYZ=": Z carries 4 data bits and 2 pad bits; setting a pad bit keeps the decoded bytes. */
function setPadBit(b64: string): string {
  const last = b64.length - 2;
  const padded = b64.slice(0, last) + B64[B64.indexOf(b64[last]!) | 1] + b64.slice(last + 1);
  assert.deepEqual(Buffer.from(padded, 'base64'), Buffer.from(b64, 'base64'));
  assert.notEqual(padded, b64);
  return padded;
}
const condition = (step: ReturnType<ReturnType<typeof start>['start']>): string => (step.kind === 'failure' ? step.condition : step.kind);

describe('SCRAM client-first-message validation', () => {
  const malformed: [string, string | Buffer][] = [
    ['empty', ''],
    ['gs2-header only', 'n,,'],
    ['no attributes', 'n,,,'],
    ['unknown gs2 flag', 'x,,n=alice,r=cn'],
    ['GS2 non-standard flag', 'F,n,,n=alice,r=cn'],
    ['empty cb-name', 'p=,,n=alice,r=cn'],
    ['cb-name with a space', 'p=tls exporter,,n=alice,r=cn'],
    ['empty authzid', 'n,a=,n=alice,r=cn'],
    ['second gs2 field not a=', 'n,b=alice,n=alice,r=cn'],
    ['authzid with a bare "="', 'n,a=al=ice,n=alice,r=cn'],
    ['m= before the username', 'n,,m=ext,n=alice,r=cn'],
    ['m= after the nonce', 'n,,n=alice,r=cn,m=ext'],
    ['missing username', 'n,,r=cn'],
    ['missing nonce', 'n,,n=alice'],
    ['nonce before username', 'n,,r=cn,n=alice'],
    ['duplicate username', 'n,,n=alice,n=alice,r=cn'],
    ['duplicate nonce', 'n,,n=alice,r=cn,r=cn2'],
    ['empty username', 'n,,n=,r=cn'],
    ['"=" not followed by 2C or 3D', 'n,,n=al=ice,r=cn'],
    ['"=2X" in the username', 'n,,n=al=2Xice,r=cn'],
    ['truncated escape', 'n,,n=alice=2,r=cn'],
    ['empty nonce', 'n,,n=alice,r='],
    ['nonce with DEL', 'n,,n=alice,r=c\x7fn'],
    ['nonce with a space', 'n,,n=alice,r=c n'],
    ['non-ASCII nonce', 'n,,n=alice,r=cñ'],
    ['attribute without "="', 'n,,n=alice,r=cn,x'],
    ['two-letter attribute', 'n,,n=alice,r=cn,xy=1'],
    ['extension reusing a SCRAM attribute (s=)', 'n,,n=alice,r=cn,s=c2FsdA=='],
    ['extension reusing a SCRAM attribute (p=)', 'n,,n=alice,r=cn,p=x'],
    ['trailing comma', 'n,,n=alice,r=cn,'],
    ['uppercase attribute name', 'n,,N=alice,r=cn'],
    ['NUL in the username', Buffer.from('n,,n=al\0ice,r=cn', 'latin1')],
    ['NUL at the end', Buffer.from('n,,n=alice,r=cn\0', 'latin1')],
    ['invalid UTF-8', Buffer.concat([Buffer.from('n,,n=al'), Buffer.from([0xc3, 0x28]), Buffer.from(',r=cn')])],
    ['overlong UTF-8 for ","', Buffer.concat([Buffer.from('n,,n=al'), Buffer.from([0xc0, 0xac]), Buffer.from('ice,r=cn')])],
    ['lone surrogate (CESU-8)', Buffer.concat([Buffer.from('n,,n=al'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(',r=cn')])],
    ['a username over 1023 octets', `n,,n=${'é'.repeat(600)},r=cn`],
  ];
  for (const [label, message] of malformed) {
    it(`refuses ${label} with malformed-request`, () => {
      assert.equal(condition(start().start(bytes(message))), 'malformed-request');
    });
  }

  it('refuses an empty initial response ("=") and an empty first response', () => {
    assert.equal(condition(start().start(Buffer.alloc(0))), 'malformed-request');
    const mech = start();
    mech.start(undefined);
    assert.equal(condition(mech.step(Buffer.alloc(0))), 'malformed-request');
  });

  const accepted: [string, string][] = [
    ['plain', 'n,,n=alice,r=cn'],
    ['an unknown extension after the nonce', 'n,,n=alice,r=cn,x=anything=goes'],
    ['lower-case =2c / =3d escapes (ABNF literals are case-insensitive)', 'n,,n=a=2cb=3dc,r=cn'],
    ['every printable nonce character', `n,,n=alice,r=${[...Array(0x7f - 0x21).keys()].map((i) => String.fromCharCode(i + 0x21)).filter((c) => c !== ',').join('')}`],
    ['a non-ASCII username', 'n,,n=ålice,r=cn'],
  ];
  for (const [label, message] of accepted) {
    it(`accepts ${label}`, () => {
      assert.equal(condition(start().start(bytes(message))), 'challenge');
    });
  }
});

describe('SCRAM client-final-message validation', () => {
  /** A mechanism that has answered "n,,n=alice,r=cn", and the valid client-final for it. */
  function afterFirst() {
    const mech = start();
    const client = new ScramClient({ hash: 'SHA-256', username: 'alice', password: 'wonderland', clientNonce: 'cn' });
    const first = mech.start(client.first());
    assert.equal(first.kind, 'challenge');
    const valid = client.final(first.kind === 'challenge' ? first.data : Buffer.alloc(0)).toString();
    const proof = valid.slice(valid.indexOf(',p=') + 3);
    return { mech, valid, proof };
  }

  it('accepts the valid message (control)', () => {
    const { mech, valid } = afterFirst();
    assert.equal(mech.step(Buffer.from(valid)).kind, 'success');
  });

  const malformed: [string, (proof: string) => string | Buffer][] = [
    ['empty', () => ''],
    ['missing c=', (p) => `r=${NONCE},p=${p}`],
    ['missing r=', (p) => `c=biws,p=${p}`],
    ['missing p=', () => `c=biws,r=${NONCE}`],
    ['p= not last', (p) => `c=biws,r=${NONCE},p=${p},x=1`],
    ['r= before c=', (p) => `r=${NONCE},c=biws,p=${p}`],
    ['duplicate r=', (p) => `c=biws,r=${NONCE},r=${NONCE},p=${p}`],
    ['duplicate c=', (p) => `c=biws,c=biws,r=${NONCE},p=${p}`],
    ['m= extension', (p) => `c=biws,r=${NONCE},m=x,p=${p}`],
    ['empty c=', (p) => `c=,r=${NONCE},p=${p}`],
    ['c= not base64', (p) => `c=bi*s,r=${NONCE},p=${p}`],
    ['c= without padding', (p) => `c=biw,r=${NONCE},p=${p}`],
    ['proof not base64', () => `c=biws,r=${NONCE},p=not-base64!`],
    ['proof with non-zero pad bits (same bytes, non-canonical)', (p) => `c=biws,r=${NONCE},p=${setPadBit(p)}`],
    ['proof one byte short', (p) => `c=biws,r=${NONCE},p=${Buffer.from(p, 'base64').subarray(1).toString('base64')}`],
    ['proof one byte long', (p) => `c=biws,r=${NONCE},p=${Buffer.concat([Buffer.from(p, 'base64'), Buffer.from([0])]).toString('base64')}`],
    ['nonce with a space', (p) => `c=biws,r=cn SNONCE,p=${p}`],
    ['NUL byte', (p) => Buffer.from(`c=biws,r=${NONCE},p=${p}\0`, 'latin1')],
    ['invalid UTF-8', (p) => Buffer.concat([Buffer.from(`c=biws,r=${NONCE},x=`), Buffer.from([0xff]), Buffer.from(`,p=${p}`)])],
  ];
  for (const [label, build] of malformed) {
    it(`refuses ${label} with malformed-request`, () => {
      const { mech, proof } = afterFirst();
      assert.equal(condition(mech.step(bytes(build(proof)))), 'malformed-request');
    });
  }

  it('refuses another nonce with not-authorized', () => {
    const { mech, valid } = afterFirst();
    assert.deepEqual(mech.step(Buffer.from(valid.replace(`r=${NONCE}`, `r=${NONCE}x`))), { kind: 'failure', condition: 'not-authorized', text: 'nonce mismatch' });
  });

  it('refuses the client nonce alone with not-authorized', () => {
    const { mech, valid } = afterFirst();
    assert.equal(condition(mech.step(Buffer.from(valid.replace(`r=${NONCE}`, 'r=cn')))), 'not-authorized');
  });

  it('refuses a c= for another gs2-header ("y,,") with not-authorized', () => {
    const { mech, valid } = afterFirst();
    assert.equal(condition(mech.step(Buffer.from(valid.replace('c=biws', `c=${Buffer.from('y,,').toString('base64')}`)))), 'not-authorized');
  });

  it('refuses a proof computed over a different AuthMessage (an added extension) with not-authorized', () => {
    const { mech, valid } = afterFirst();
    assert.equal(condition(mech.step(Buffer.from(valid.replace(',p=', ',x=1,p=')))), 'not-authorized');
  });
});

describe('SCRAM hostile input through createMechanism', () => {
  it('refuses a 10 KB client-first, and anything after it', () => {
    const mech = start();
    assert.equal(condition(mech.start(Buffer.from(`n,,n=alice,r=${'a'.repeat(10_000)}`))), 'malformed-request');
    assert.equal(condition(mech.step(Buffer.from('n,,n=alice,r=cn'))), 'malformed-request');
  });

  it('refuses a 10 KB client-final', () => {
    const mech = start();
    mech.start(Buffer.from('n,,n=alice,r=cn'));
    assert.equal(condition(mech.step(Buffer.from(`c=biws,r=${NONCE},x=${'a'.repeat(10_000)},p=AAAA`))), 'malformed-request');
  });

  it('refuses random bytes of many lengths without throwing', () => {
    for (let n = 0; n < 300; n++) {
      const junk = Buffer.from(Array.from({ length: n }, (_, i) => (i * 131 + n * 17) & 0xff));
      const mech = start();
      assert.equal(mech.start(junk).kind, 'failure');
      const second = start();
      second.start(Buffer.from('n,,n=alice,r=cn'));
      assert.equal(second.step(junk).kind, 'failure');
    }
  });

  it('refuses all-NUL messages', () => {
    assert.equal(condition(start().start(Buffer.alloc(64))), 'malformed-request');
  });
});
