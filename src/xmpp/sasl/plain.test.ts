// SASL PLAIN ([RFC 4616]) against stored SCRAM keys.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deriveCredentials } from '../../auth/credentials.js';
import { depsWith } from './fixtures.test-helper.js';
import type { SaslDeps, SaslStep } from './mechanism.js';
import { createMechanism } from './mechanisms.js';
import { plainMechanism } from './plain.js';

const users = { alice: deriveCredentials('wonderland'), 'ålice': deriveCredentials('pässwörd') };
const msg = (authzid: string, authcid: string, passwd: string): Buffer => Buffer.from(`${authzid}\0${authcid}\0${passwd}`, 'utf8');
const run = (message: Buffer, deps: SaslDeps = depsWith(users, { domain: 'localhost' })): SaslStep => createMechanism('PLAIN', deps)!.start(message);
const outcome = (step: SaslStep): string => (step.kind === 'failure' ? step.condition : step.kind);

describe('PLAIN', () => {
  it('logs in with authcid and password', () => {
    const deps = depsWith(users);
    assert.deepEqual(run(msg('', 'alice', 'wonderland'), deps), { kind: 'success', username: 'alice' });
    assert.deepEqual(deps.asked, ['alice']);
  });

  it('looks up the NFC, lower-case username', () => {
    const deps = depsWith(users);
    assert.deepEqual(run(msg('', 'A\u030alice'.toUpperCase(), 'pässwörd'), deps), { kind: 'success', username: 'ålice' });
    assert.deepEqual(deps.asked, ['ålice']);
  });

  it('refuses a wrong password with not-authorized', () => {
    assert.deepEqual(run(msg('', 'alice', 'Wonderland')), { kind: 'failure', condition: 'not-authorized' });
  });

  it('answers an unknown user exactly like a wrong password', () => {
    assert.deepEqual(run(msg('', 'mallory', 'wonderland')), run(msg('', 'alice', 'guess')));
  });

  const authzids: [string, string][] = [
    ['alice', 'success'],
    ['Alice', 'success'],
    ['alice@localhost', 'success'],
    ['alice@LOCALHOST', 'success'],
    ['bob', 'invalid-authzid'],
    ['bob@localhost', 'invalid-authzid'],
    ['alice@elsewhere', 'invalid-authzid'],
    ['alice@localhost/desktop', 'invalid-authzid'],
    ['localhost', 'invalid-authzid'],
    ['@localhost', 'invalid-authzid'],
  ];
  for (const [authzid, expected] of authzids) {
    it(`authzid "${authzid}": ${expected}`, () => {
      assert.equal(outcome(run(msg(authzid, 'alice', 'wonderland'))), expected);
    });
  }

  const malformed: [string, Buffer][] = [
    ['an empty message', Buffer.alloc(0)],
    ['no NUL at all', Buffer.from('alice wonderland')],
    ['one NUL only', Buffer.from('alice\0wonderland')],
    ['three NULs', Buffer.from('\0alice\0wonder\0land')],
    ['only NULs', Buffer.from('\0\0')],
    ['an empty authcid', msg('', '', 'wonderland')],
    ['an empty password', msg('', 'alice', '')],
    ['invalid UTF-8 in the password', Buffer.concat([Buffer.from('\0alice\0'), Buffer.from([0xff, 0xfe])])],
    ['invalid UTF-8 in the authcid', Buffer.concat([Buffer.from('\0al'), Buffer.from([0xc3]), Buffer.from('\0wonderland')])],
    ['an authcid over 1023 octets', msg('', 'a'.repeat(1024), 'wonderland')],
    ['a password over 1023 octets', msg('', 'alice', 'p'.repeat(1024))],
    ['an authzid over 2047 octets', msg('a'.repeat(2048), 'alice', 'wonderland')],
    ['10 KB', msg('', 'alice', 'p'.repeat(10_000))],
  ];
  for (const [label, message] of malformed) {
    it(`refuses ${label} with malformed-request`, () => {
      assert.equal(outcome(run(message)), 'malformed-request');
    });
  }

  it('accepts 255-octet fields, the minimum RFC 4616 requires', () => {
    const password = 'ü'.repeat(127) + 'x'; // 255 octets
    const name = 'b'.repeat(255);
    const deps = depsWith({ [name]: deriveCredentials(password) });
    assert.deepEqual(run(msg(name, name, password), deps), { kind: 'success', username: name });
  });

  it('sends an empty challenge when there is no initial response, then takes the response', () => {
    const mech = plainMechanism(depsWith(users));
    assert.deepEqual(mech.start(undefined), { kind: 'challenge', data: Buffer.alloc(0) });
    assert.deepEqual(mech.step(msg('', 'alice', 'wonderland')), { kind: 'success', username: 'alice' });
  });

  it('fails every message after the answer', () => {
    const mech = plainMechanism(depsWith(users));
    assert.equal(mech.start(msg('', 'alice', 'wonderland')).kind, 'success');
    assert.equal(outcome(mech.step(msg('', 'alice', 'wonderland'))), 'malformed-request');
    assert.equal(outcome(mech.start(msg('', 'alice', 'wonderland'))), 'malformed-request');
    const unasked = plainMechanism(depsWith(users));
    assert.equal(outcome(unasked.step(msg('', 'alice', 'wonderland'))), 'malformed-request');
  });
});
