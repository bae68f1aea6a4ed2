import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bareOf, parseJid } from './jid.js';

describe('parseJid', () => {
  it('splits and normalizes localpart, domain and resource', () => {
    const j = parseJid('1001001@FIN1.Example.COM./Desktop')!;
    assert.equal(j.local, '1001001');
    assert.equal(j.domain, 'fin1.example.com');
    assert.equal(j.resource, 'Desktop', 'resources keep their case');
    assert.equal(j.bare, '1001001@fin1.example.com');
    assert.equal(j.full, '1001001@fin1.example.com/Desktop');
    assert.equal(parseJid('Agent@localhost')!.local, 'agent', 'localparts are case-folded');
  });

  it('accepts domains, IP literals and resources with slashes', () => {
    assert.equal(parseJid('pubsub.localhost')!.bare, 'pubsub.localhost');
    assert.equal(parseJid('a@[::1]')!.domain, '[::1]');
    assert.equal(parseJid('a@localhost/x/y')!.resource, 'x/y');
  });

  const bad = ['', '@localhost', 'a@', 'a@localhost/', 'a b@localhost', 'a"b@localhost', 'a@b@c', 'a@-x.com',
    `${'x'.repeat(1024)}@localhost`, 'a@localhost/\u0000', 'a@exa mple.com'];
  for (const input of bad) {
    it(`refuses ${JSON.stringify(input.length > 40 ? `${input.slice(0, 20)}…` : input)}`, () => {
      assert.equal(parseJid(input), undefined);
    });
  }

  it('bareOf drops the resource or returns undefined', () => {
    assert.equal(bareOf('a@localhost/r'), 'a@localhost');
    assert.equal(bareOf('not a jid@'), undefined);
  });
});
