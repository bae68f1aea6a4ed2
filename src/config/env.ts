// The PARLEY_* environment variables: the option names in upper snake case ([contract] "The server
// process"). An empty variable counts as unset. Unknown PARLEY_* names are reported as warnings (not
// errors: the environment is shared with other tools), with a suggestion when one is close.
import type { RawValue } from './flags.js';
import { CONFIG_OPTION, SETTINGS, type SettingSpec } from './schema.js';
import { closest } from '../shared/suggest.js';

export type Environment = Readonly<Record<string, string | undefined>>;

export interface ParsedEnv {
  readonly values: Map<string, RawValue>;
  readonly config?: RawValue;
  readonly warnings: string[];
}

const present = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

export function readEnv(env: Environment, specs: readonly SettingSpec[] = SETTINGS): ParsedEnv {
  const values = new Map<string, RawValue>();
  const known = new Set<string>([CONFIG_OPTION.env, ...specs.map((s) => s.env)]);
  for (const spec of specs) {
    const raw = env[spec.env];
    if (present(raw)) values.set(spec.path, { raw, where: `${spec.env}=${raw}` });
  }
  // SSLKEYLOGFILE, the variable browsers and curl read, also turns on the listeners' TLS key log (issue 10).
  const keylog = env['SSLKEYLOGFILE'];
  if (present(keylog) && !values.has('tls.keylogFile') && specs.some((s) => s.path === 'tls.keylogFile')) {
    values.set('tls.keylogFile', { raw: keylog, where: `SSLKEYLOGFILE=${keylog}` });
  }
  const warnings: string[] = [];
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith('PARLEY_') || known.has(name)) continue;
    const guess = closest(name, known);
    warnings.push(`unknown environment variable ${name} ignored${guess ? ` (did you mean ${guess}?)` : ''}`);
  }
  const configRaw = env[CONFIG_OPTION.env];
  if (!present(configRaw)) return { values, warnings };
  return { values, warnings, config: { raw: configRaw, where: `${CONFIG_OPTION.env}=${configRaw}` } };
}
