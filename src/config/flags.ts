// Command-line flags of `parley serve`: `--name value`, `--name=value`, and for on/off options
// `--name`, `--name=false` and `--no-name`. Produces raw values; values.ts validates them.
import { issue, type ConfigIssue } from './issues.js';
import { CONFIG_OPTION, SETTINGS, type SettingSpec } from './schema.js';
import { closest } from '../shared/suggest.js';

export interface RawValue {
  readonly raw: unknown;
  /** How the user wrote it, for messages. */
  readonly where: string;
  /** Directory that relative paths in this value are relative to. */
  readonly baseDir?: string;
}

export interface ParsedFlags {
  /** Raw values by setting path; the last occurrence of a repeated flag wins. */
  readonly values: Map<string, RawValue>;
  readonly config?: RawValue;
  readonly issues: ConfigIssue[];
}

const BOOL_WORD = /^(true|false|yes|no|on|off|1|0)$/i;

/** Every flag this parser accepts, with dashes. */
export function knownFlags(specs: readonly SettingSpec[] = SETTINGS): string[] {
  return [...specs.flatMap((s) => (s.flag ? [`--${s.flag}`] : [])), `--${CONFIG_OPTION.flag}`];
}

function unknownFlag(arg: string, name: string, specs: readonly SettingSpec[]): ConfigIssue {
  const guess = closest(`--${name}`, knownFlags(specs));
  const hint = guess ? ` (did you mean ${guess}?)` : '';
  return issue('ERR_CONFIG_UNKNOWN_FLAG', 'flag', arg, `unknown option${hint}`);
}

export function parseFlags(argv: readonly string[], specs: readonly SettingSpec[] = SETTINGS): ParsedFlags {
  const byFlag = new Map(specs.flatMap((s) => (s.flag ? [[s.flag, s] as const] : [])));
  const values = new Map<string, RawValue>();
  const issues: ConfigIssue[] = [];
  let config: RawValue | undefined;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--') || arg === '--') {
      const message = arg.startsWith('-') ? 'unknown option (options start with --)' : 'unexpected argument (options start with --)';
      issues.push(issue(arg.startsWith('-') ? 'ERR_CONFIG_UNKNOWN_FLAG' : 'ERR_CONFIG_UNEXPECTED_ARGUMENT', 'flag', arg, message));
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    const negated = name.startsWith('no-') ? byFlag.get(name.slice(3)) : undefined;
    const spec = byFlag.get(name) ?? (negated?.kind.type === 'bool' ? negated : undefined);

    if (name === CONFIG_OPTION.flag || spec) {
      const isBool = spec?.kind.type === 'bool';
      if (spec && spec !== byFlag.get(name)) {
        // --no-<flag>
        if (inline !== undefined) issues.push(issue('ERR_CONFIG_INVALID_VALUE', 'flag', arg, `--no-${spec.flag} takes no value`));
        else values.set(spec.path, { raw: false, where: arg });
        continue;
      }
      let raw: string | boolean | undefined = inline;
      let where = arg;
      const next = argv[i + 1];
      if (raw === undefined && isBool) {
        raw = next !== undefined && BOOL_WORD.test(next) ? next : true;
        if (raw !== true) { where = `${arg} ${next}`; i++; }
      } else if (raw === undefined) {
        if (next === undefined || next.startsWith('--')) {
          const placeholder = spec?.placeholder ?? CONFIG_OPTION.placeholder;
          issues.push(issue('ERR_CONFIG_MISSING_VALUE', 'flag', arg, `needs a value: ${arg} ${placeholder}`));
          continue;
        }
        raw = next;
        where = `${arg} ${next}`;
        i++;
      }
      if (spec) values.set(spec.path, { raw, where });
      else config = { raw, where };
      continue;
    }
    issues.push(unknownFlag(arg, name, specs));
    // `--unknown value`: the value belongs to the unknown option, not a stray argument of its own.
    const next = argv[i + 1];
    if (inline === undefined && next !== undefined && !next.startsWith('-')) i++;
  }
  return config === undefined ? { values, issues } : { values, config, issues };
}
