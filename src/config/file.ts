// The JSON config file. Keys are the option names in camelCase (`portXmpp`, `xmppAllowPlaintextAuth`,
// `logoutGrace`); finer settings sit in nested sections (`{"xmpp": {"stanzaSizeLimit": 300000}}`).
// Unknown keys are errors (a typo must not be silently ignored); keys starting with "//" are comments.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RawValue } from './flags.js';
import { issue, show, type ConfigIssue } from './issues.js';
import { SETTINGS, type SettingSpec } from './schema.js';
import { closest } from '../shared/suggest.js';

export interface ParsedFile {
  /** Raw values by setting path. */
  readonly values: Map<string, RawValue>;
  readonly issues: ConfigIssue[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** "Unexpected token } in JSON at position 42" → " (line 3, column 5)". */
function position(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return '';
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return ` (line ${line}, column ${column})`;
}

function readText(path: string): { text: string } | { issue: ConfigIssue } {
  try {
    return { text: readFileSync(path, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file'
      : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
      : code === 'EISDIR' ? 'is a directory, not a file'
      : (e as Error).message;
    return { issue: issue('ERR_CONFIG_FILE_UNREADABLE', 'file', path, `cannot read the config file: ${why}`) };
  }
}

export function readConfigFile(path: string, specs: readonly SettingSpec[] = SETTINGS): ParsedFile {
  const values = new Map<string, RawValue>();
  const issues: ConfigIssue[] = [];
  const read = readText(path);
  if ('issue' in read) return { values, issues: [read.issue] };
  let doc: unknown;
  try {
    doc = JSON.parse(read.text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const msg = (e as Error).message;
    const reason = msg.replace(/ in JSON at position \d+.*$/s, '');
    issues.push(issue('ERR_CONFIG_FILE_MALFORMED', 'file', path, `not valid JSON${position(read.text, msg)}: ${reason}`));
    return { values, issues };
  }
  if (!isObject(doc)) {
    issues.push(issue('ERR_CONFIG_FILE_MALFORMED', 'file', path, 'must hold one JSON object, e.g. {"fqdn": "fin1.example.com"}'));
    return { values, issues };
  }

  const byKey = new Map<string, SettingSpec>();
  for (const s of specs) for (const k of [s.key, ...s.aliases]) byKey.set(k, s);
  const sections = new Set([...byKey.keys()].filter((k) => k.includes('.')).map((k) => k.slice(0, k.indexOf('.'))));
  const baseDir = dirname(path);

  const take = (key: string, value: unknown): void => {
    const where = `${path}: "${key}"`;
    const spec = byKey.get(key);
    if (!spec) {
      const guess = closest(key, byKey.keys());
      const hint = key === 'config' ? ' (a config file cannot name another one)' : guess ? ` (did you mean "${guess}"?)` : '';
      issues.push(issue('ERR_CONFIG_UNKNOWN_KEY', 'file', where, `unknown setting${hint}`));
      return;
    }
    const earlier = values.get(spec.path);
    if (earlier) {
      issues.push(issue('ERR_CONFIG_CONFLICT', 'file', where, `sets the same value as ${earlier.where.slice(path.length + 2)}; keep one`));
      return;
    }
    values.set(spec.path, { raw: value, where: `${where} = ${show(value)}`, baseDir });
  };

  for (const [key, value] of Object.entries(doc)) {
    if (key.startsWith('//')) continue;
    if (sections.has(key) && !byKey.has(key)) {
      if (!isObject(value)) {
        issues.push(issue('ERR_CONFIG_INVALID_VALUE', 'file', `${path}: "${key}"`, `must be an object of "${key}" settings`));
        continue;
      }
      for (const [sub, subValue] of Object.entries(value)) if (!sub.startsWith('//')) take(`${key}.${sub}`, subValue);
      continue;
    }
    take(key, value);
  }
  return { values, issues };
}
