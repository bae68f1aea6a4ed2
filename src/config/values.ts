// Turns one raw value (a flag's or environment variable's text, or a JSON value from the config file)
// into the typed value of a setting, or says what was expected. Pure.
import { isIP } from 'node:net';
import { BIND_ALL } from './defaults.js';
import type { SettingKind, SettingSpec } from './schema.js';

export type ConfigSource = 'flag' | 'env' | 'file';

export type Coerced = { ok: true; value: string | number | boolean } | { ok: false; message: string };

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);
const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A DNS host name (letters, digits, hyphens; labels ≤ 63, total ≤ 253) or an IPv4 address. */
export function isHostName(name: string): boolean {
  return name.length > 0 && name.length <= 253 && name.toLowerCase().split('.').every((l) => HOST_LABEL.test(l));
}

/** What a valid value looks like, for messages and help texts. */
export function expectation(kind: SettingKind, source: ConfigSource | 'help' = 'help'): string {
  switch (kind.type) {
    case 'port':
      return 'a port number from 0 to 65535 (0 = any free port)';
    case 'int': {
      const unit = kind.unit ? ` (${kind.unit})` : '';
      const zero = kind.zero && kind.min === 0 ? `; 0 = ${kind.zero}` : '';
      return `a whole number from ${kind.min} to ${kind.max}${unit}${zero}`;
    }
    case 'bool':
      return source === 'file' ? 'true or false' : 'true or false (also yes/no, on/off, 1/0)';
    case 'enum':
      return `one of ${kind.values.join(', ')}`;
    case 'fqdn':
      return 'a host name such as fin1.example.com';
    case 'host':
      return 'a host name or IP address';
    case 'bind':
      return 'an IP address or host name, or * for all interfaces';
    case 'path':
      return 'a directory path';
  }
}

const fail = (kind: SettingKind, source: ConfigSource, hint = ''): Coerced =>
  ({ ok: false, message: `must be ${expectation(kind, source)}${hint}` });

function toInt(spec: SettingSpec, raw: unknown, source: ConfigSource): Coerced {
  const kind = spec.kind;
  let n: number;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string' && source !== 'file' && /^\s*[+-]?\d+\s*$/.test(raw)) n = Number(raw);
  else if (typeof raw === 'string' && source === 'file' && /^\s*\d+\s*$/.test(raw)) return fail(kind, source, ', written without quotes');
  else return fail(kind, source);
  if (!Number.isSafeInteger(n)) return fail(kind, source);
  const [min, max] = kind.type === 'int' ? [kind.min, kind.max] : [0, 65_535];
  return n < min || n > max ? fail(kind, source) : { ok: true, value: n };
}

function toBool(spec: SettingSpec, raw: unknown, source: ConfigSource): Coerced {
  if (typeof raw === 'boolean') return { ok: true, value: raw };
  if (typeof raw === 'string' && source !== 'file') {
    const word = raw.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return { ok: true, value: true };
    if (FALSE_WORDS.has(word)) return { ok: true, value: false };
  }
  return fail(spec.kind, source);
}

function toText(spec: SettingSpec, raw: unknown, source: ConfigSource): Coerced {
  const kind = spec.kind;
  if (typeof raw !== 'string' || raw.trim() === '' || raw.includes('\0')) return fail(kind, source);
  const text = raw.trim();
  switch (kind.type) {
    case 'enum': {
      const word = text.toLowerCase();
      return kind.values.includes(word) ? { ok: true, value: word } : fail(kind, source);
    }
    case 'fqdn':
      return isHostName(text) ? { ok: true, value: text.toLowerCase() } : fail(kind, source);
    case 'host':
      return isIP(text) !== 0 || isHostName(text) ? { ok: true, value: text } : fail(kind, source);
    case 'bind':
      if (text === BIND_ALL) return { ok: true, value: BIND_ALL };
      return isIP(text) !== 0 || isHostName(text) ? { ok: true, value: text } : fail(kind, source);
    default:
      return { ok: true, value: raw };
  }
}

/** Validates and converts `raw` for `spec`; `source` decides whether text may stand for numbers and booleans. */
export function coerce(spec: SettingSpec, raw: unknown, source: ConfigSource): Coerced {
  switch (spec.kind.type) {
    case 'port':
    case 'int':
      return toInt(spec, raw, source);
    case 'bool':
      return toBool(spec, raw, source);
    default:
      return toText(spec, raw, source);
  }
}
