// The SCRAM codec on its own ([RFC 5802] §7): saslname, strict base64, and what the parsers keep verbatim.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBase64Strict, decodeSaslname, parseClientFinal, parseClientFirst } from './scram-messages.js';

describe('decodeSaslname', () => {
  const cases: [string, string | undefined][] = [
    ['user', 'user'],
    ['a=2Cb', 'a,b'],
    ['a=3Db', 'a=b'],
    ['=3D=2C', '=,'],
    ['=2c=3d', ',='],
    ['=3D2C', '=2C'],
    ['', undefined],
    ['=', undefined],
    ['a=', undefined],
    ['a=2', undefined],
    ['a=20', undefined],
    ['a==2C', undefined],
  ];
  for (const [input, expected] of cases) {
    it(`"${input}" → ${expected === undefined ? 'invalid' : `"${expected}"`}`, () => assert.equal(decodeSaslname(input), expected));
  }
});

describe('decodeBase64Strict', () => {
  it('decodes canonical base64 and refuses the rest', () => {
    assert.deepEqual(decodeBase64Strict('biws'), Buffer.from('n,,'));
    assert.deepEqual(decodeBase64Strict('YQ=='), Buffer.from('a'));
    for (const bad of ['', 'biw', 'bi ws', 'biws\n', 'YQ=', 'YR==', 'Y===', '====', 'b-ws', 'b_ws', 'YQ==YQ==']) {
      assert.equal(decodeBase64Strict(bad), undefined, JSON.stringify(bad));
    }
  });
});

describe('parseClientFirst', () => {
  it('keeps the gs2-header and the bare message exactly as sent', () => {
    const parsed = parseClientFirst(Buffer.from('p=tls-exporter,a=Us=2Cer,n=Us=2Cer,r=abc,x=y=z'));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value, {
      gs2Header: 'p=tls-exporter,a=Us=2Cer,',
      cbind: { flag: 'p', cbName: 'tls-exporter' },
      authzid: 'Us,er',
      bare: 'n=Us=2Cer,r=abc,x=y=z',
      username: 'Us,er',
      clientNonce: 'abc',
    });
  });

  it('reports m= as malformed-request with a reason', () => {
    assert.deepEqual(parseClientFirst(Buffer.from('n,,m=1,n=u,r=a')), { ok: false, error: 'malformed-request', text: 'extensions not supported' });
  });
});

describe('parseClientFinal', () => {
  it('keeps client-final-message-without-proof exactly as sent', () => {
    const parsed = parseClientFinal(Buffer.from('c=biws,r=abc,x=1,p=AAAA'));
    assert.ok(parsed.ok);
    assert.equal(parsed.value.withoutProof, 'c=biws,r=abc,x=1');
    assert.deepEqual(parsed.value.channelBinding, Buffer.from('n,,'));
    assert.deepEqual(parsed.value.proof, Buffer.from([0, 0, 0]));
  });
});
