import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { redactObject, redactSecrets, REDACTED } from './log-redact.js';

const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----';

describe('redactSecrets', () => {
  it('removes PEM private keys, whole or cut off', () => {
    const out = redactSecrets(`loaded key ${PEM} ok`);
    assert.ok(!out.includes('MIIEvQ'), out);
    assert.match(out, /-----BEGIN PRIVATE KEY----- \[redacted\] -----END PRIVATE KEY----- ok$/);
    assert.ok(!redactSecrets('-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA').includes('MIIEpA'));
    assert.ok(!redactSecrets('-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----').includes('MHcC'));
  });
  it('keeps certificates (public)', () => {
    const cert = '-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----';
    assert.equal(redactSecrets(cert), cert);
  });
  it('removes SASL payloads (PLAIN, SCRAM) but keeps the element', () => {
    const plain = `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${Buffer.from('\0agent\0secret').toString('base64')}</auth>`;
    assert.equal(redactSecrets(plain), `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${REDACTED}</auth>`);
    assert.equal(redactSecrets('<response xmlns="urn:ietf:params:xml:ns:xmpp-sasl">Yz1iaXdzLHI9</response>'), `<response xmlns="urn:ietf:params:xml:ns:xmpp-sasl">${REDACTED}</response>`);
    assert.equal(redactSecrets('<challenge>cj1meWtv</challenge><success>dj1ybUY5</success>'), `<challenge>${REDACTED}</challenge><success>${REDACTED}</success>`);
    assert.equal(redactSecrets('<sasl:auth mechanism="X">abc</sasl:auth>'), `<sasl:auth mechanism="X">${REDACTED}</sasl:auth>`);
  });
  it('removes passwords in XML, JSON, query strings and Authorization headers', () => {
    assert.equal(redactSecrets('<User><password>agent</password></User>'), `<User><password>${REDACTED}</password></User>`);
    assert.equal(redactSecrets('{"loginId":"1001001","password":"ag\\"ent"}'), `{"loginId":"1001001","password":"${REDACTED}"}`);
    assert.equal(redactSecrets('GET /x?user=a&password=hunter2&y=1'), `GET /x?user=a&password=${REDACTED}&y=1`);
    assert.equal(redactSecrets('Authorization: Basic YWdlbnQ6YWdlbnQ='), `Authorization: Basic ${REDACTED}`);
    assert.equal(redactSecrets('authorization: bearer abc.def'), `authorization: bearer ${REDACTED}`);
  });
  it('removes BOSH sids but not subids or the display id', () => {
    assert.equal(redactSecrets(`<body rid='1' sid='0123456789abcdef0123' xmlns='x'/>`), `<body rid='1' sid='${REDACTED}' xmlns='x'/>`);
    assert.equal(redactSecrets('<subscription subid="abc"/>'), '<subscription subid="abc"/>');
    assert.equal(redactSecrets('Closing idle session (id=f382a015): 1001003@x/desktop'), 'Closing idle session (id=f382a015): 1001003@x/desktop');
  });
  it('leaves the document lines alone', () => {
    const lines = [
      'Session (id=f382a015) was last active 13230 ms ago: 1001003@fin1.example.com/desktop',
      'Unable to route packet. No session is available so store offline. <message from="pubsub.x" to="1001003@x" id="/finesse/api/User/1001003__1001003@x__o5Aqb"><event xmlns="http://jabber.org/protocol/pubsub#event"><items node="/finesse/api/User/1001003"></items></event></message>',
      'A session is being closed for 1001003@fin1.example.com/desktop',
    ];
    for (const l of lines) assert.equal(redactSecrets(l), l);
  });
  it('is linear on hostile input', () => {
    const hostile = '<auth>'.repeat(50_000) + 'a'.repeat(200_000) + 'password='.repeat(20_000) + '-----BEGIN PRIVATE KEY-----'.repeat(1000);
    const t0 = performance.now();
    const out = redactSecrets(hostile);
    assert.ok(performance.now() - t0 < 2_000);
    assert.ok(!out.includes('-----BEGIN PRIVATE KEY-----M'));
  });
});

describe('redactObject', () => {
  it('replaces secret-looking keys at any depth and redacts strings', () => {
    const out = redactObject({ data: '/srv', tls: { keyPassword: 'x', privateKey: PEM }, list: [{ salt: 'abc', storedKey: 'k' }], note: `a ${PEM}` }) as Record<string, any>;
    assert.equal(out.data, '/srv');
    assert.equal(out.tls.keyPassword, REDACTED);
    assert.equal(out.tls.privateKey, REDACTED);
    assert.equal(out.list[0].salt, REDACTED);
    assert.equal(out.list[0].storedKey, REDACTED);
    assert.ok(!JSON.stringify(out).includes('MIIEvQ'));
  });
});
