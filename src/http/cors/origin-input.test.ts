// Administrator input of origins: normalization with notes, and every refusal of docs/cors.md.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseOriginInput } from './origin-input.js';

describe('parseOriginInput', () => {
  const accepted: [string, string, RegExp | undefined][] = [
    ['https://finessep.uccelab.tac:8445', 'https://finessep.uccelab.tac:8445', undefined],
    ['https://finessep.uccelab.tac:8445/', 'https://finessep.uccelab.tac:8445', /trailing slash/],
    ['https://Finesse.Example.com:8445', 'https://finesse.example.com:8445', /lower-cased/],
    ['https://finesse.example.com:443', 'https://finesse.example.com', /default port :443/],
    ['http://finesse.example.com:80', 'http://finesse.example.com', /default port :80/],
    ['https://finessep.uccelab.tac', 'https://finessep.uccelab.tac', /No port.*8445/],
    ['https://bücher.example:8445', 'https://xn--bcher-kva.example:8445', /punycode/],
    ['  https://a.example:1  ', 'https://a.example:1', undefined],
    ['https://[::1]:8445', 'https://[::1]:8445', undefined],
    ['https://10.0.0.5:8445', 'https://10.0.0.5:8445', undefined],
  ];
  for (const [input, origin, note] of accepted) {
    it(`accepts ${JSON.stringify(input)} as ${origin}`, () => {
      const r = parseOriginInput(input);
      assert.ok(r.ok, r.ok ? '' : r.text);
      assert.equal(r.value.origin, origin);
      if (note) assert.ok(r.value.notes.some((n) => note.test(n)), r.value.notes.join(' | '));
    });
  }
  const refused: [string, string, RegExp][] = [
    ['', 'empty', /Give an origin/],
    ['*', 'wildcard', /credentials/],
    ['null', 'null-origin', /sandboxed/],
    ['NULL', 'null-origin', /sandboxed/],
    ['finesse.example.com:8445', 'no-scheme', /Did you mean https:\/\/finesse.example.com:8445/],
    ['https://finesse.example.com:8445/desktop', 'path', /no path/],
    ['https://finesse.example.com:8445?x=1', 'query', /query/],
    ['https://finesse.example.com#x', 'query', /fragment/],
    ['https://user:pw@finesse.example.com', 'credentials', /user name/],
    ['ftp://finesse.example.com', 'bad-scheme', /only https/],
    ['javascript://x', 'bad-scheme', /only https/],
    ['https://*.example.com', 'wildcard', /wildcards/],
    ['https://a.example\r\nSet-Cookie: x=1', 'control-characters', /control characters/],
    ['https://a.example\u0000', 'control-characters', /control characters/],
    ['https://a.example https://b.example', 'several', /one origin/],
    ['https://a.example,https://b.example', 'several', /one origin/],
    ['https://a.example:99999', 'unparsable', /not a valid origin/],
    ['https://' + 'a'.repeat(600) + '.example', 'too-long', /at most 512/],
  ];
  for (const [input, error, message] of refused) {
    it(`refuses ${JSON.stringify(input.slice(0, 60))} (${error})`, () => {
      const r = parseOriginInput(input);
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.equal(r.error, error);
      assert.match(r.text ?? '', message);
      assert.doesNotMatch(r.text ?? '', /[\r\n\u0000]/, 'the message never carries the raw control characters');
    });
  }
});
