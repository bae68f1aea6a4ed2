// Reading an origin typed by an administrator (`utils … cors allowed_origin add <origin>`, the admin API):
// validate, normalize to what browsers send (scheme://host[:port], lower-case punycode host, no default
// port, no path) and explain every change ([pki-cors] §4.4 "Normalise origins on input"; docs/cors.md
// "Origin input rules"). Pure.
import { err, ok, type Result } from '../../shared/result.js';

export const MAX_ORIGIN_INPUT_CHARS = 512;

export interface ParsedOrigin {
  /** The normalized origin, as a browser sends it in `Origin`. */
  readonly origin: string;
  /** What was changed or is worth knowing, one sentence each. */
  readonly notes: readonly string[];
}

export type OriginInputError =
  | 'empty' | 'too-long' | 'control-characters' | 'wildcard' | 'null-origin' | 'no-scheme' | 'bad-scheme'
  | 'unparsable' | 'credentials' | 'path' | 'query' | 'several';

export function parseOriginInput(input: string): Result<ParsedOrigin, OriginInputError> {
  if (input.length > MAX_ORIGIN_INPUT_CHARS) {
    return err('too-long', `An origin is at most ${MAX_ORIGIN_INPUT_CHARS} characters; this one has ${input.length}.`);
  }
  // Header injection and invisible characters: refused before anything else, and never echoed raw.
  if (/[\u0000-\u001f\u007f\u0085\u2028\u2029]/.test(input)) {
    return err('control-characters', `The origin ${JSON.stringify(input)} contains control characters (CR, LF, NUL or similar); an origin never does.`);
  }
  const text = input.trim();
  if (text === '') return err('empty', 'Give an origin, e.g. https://finesse.example.com:8445.');
  if (/[\s,]/.test(text)) {
    return err('several', `"${text}" contains spaces or commas; give one origin per command, e.g. https://finesse.example.com:8445.`);
  }
  if (text === '*') {
    return err('wildcard', "'*' cannot be used: Parley answers with Access-Control-Allow-Credentials: true, and browsers refuse the wildcard '*' when credentials are included. Add each origin instead.");
  }
  if (text.toLowerCase() === 'null') {
    return err('null-origin', "The 'null' origin is what sandboxed frames, file: pages and some redirects send; allowing it would allow every one of them, so it cannot be added.");
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    const suggestion = /^[a-z0-9.[\]-]+(:\d+)?\/?$/i.test(text) ? ` Did you mean https://${text.replace(/\/$/, '')} ?` : '';
    return err('no-scheme', `"${text}" has no scheme: an origin is scheme://host[:port].${suggestion}`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return err('unparsable', `"${text}" is not a valid origin (scheme://host[:port]).`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return err('bad-scheme', `"${text}": only https:// and http:// origins can be allowed (got ${url.protocol}).`);
  }
  if (url.hostname.includes('*')) {
    return err('wildcard', `"${text}": wildcards are not supported; add each origin (scheme://host[:port]) on its own.`);
  }
  if (url.username || url.password) {
    return err('credentials', `"${text}": an origin carries no user name or password.`);
  }
  if (url.search || url.hash || text.includes('?') || text.includes('#')) {
    return err('query', `"${text}": an origin has no query or fragment; use ${url.origin}.`);
  }
  if (url.pathname !== '/' && url.pathname !== '') {
    return err('path', `"${text}": an origin has no path (here ${url.pathname}); use ${url.origin}.`);
  }
  const origin = url.origin;
  const notes: string[] = [];
  const afterScheme = text.slice(text.indexOf('://') + 3);
  if (afterScheme.endsWith('/')) notes.push('The trailing slash was removed: browsers send origins without it, and ' + origin + '/ would never match.');
  const typedPort = /:(\d+)\/?$/.exec(afterScheme)?.[1];
  if (typedPort !== undefined && url.port === '') {
    notes.push(`The default port :${typedPort} was removed (${url.protocol}// implies it): browsers send ${origin}.`);
  }
  const typedHost = afterScheme.replace(/\/$/, '').replace(/:\d+$/, '');
  if (typedHost !== url.hostname) {
    if (url.hostname.includes('xn--') && !typedHost.toLowerCase().includes('xn--')) {
      notes.push(`The host was stored in punycode as ${url.hostname}, the form browsers send.`);
    } else if (typedHost.toLowerCase() === url.hostname) {
      notes.push('The host was lower-cased, as browsers send it.');
    } else {
      notes.push(`The host was normalized to ${url.hostname}.`);
    }
  }
  if (url.port === '') {
    notes.push(`No port: this admits pages served on port ${url.protocol === 'https:' ? 443 : 80} only. A Finesse desktop's origin includes its port (https://host:8445).`);
  }
  if (url.protocol === 'http:') notes.push('This is a plain http:// origin; every Parley listener speaks HTTPS, so only pages served without TLS use it.');
  return ok({ origin, notes });
}
