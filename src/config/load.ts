// Loads the configuration once (style.md §6.17): defaults < config file < PARLEY_* environment <
// command-line flags. Every problem of every source is collected and reported together; the result is
// deep-frozen. This folder is the only place that reads process.env.
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { BIND_ALL, DEFAULT_CONFIG, DEFAULT_CONFIG_FILE_NAME } from './defaults.js';
import { readEnv, type Environment } from './env.js';
import { readConfigFile } from './file.js';
import { parseFlags, type RawValue } from './flags.js';
import { ConfigError, issue, type ConfigIssue } from './issues.js';
import { CONFIG_OPTION, PORT_NAMES, ctiSecurePortFor, SETTINGS, settingByPath, type ParleyConfig, type SettingSpec } from './schema.js';
import { coerce, type ConfigSource } from './values.js';

export interface LoadOptions {
  /** Command-line flags (without the `serve` word). */
  readonly argv?: readonly string[];
  /** Defaults to process.env. */
  readonly env?: Environment;
  /** Relative paths given by flags and environment resolve against this; defaults to process.cwd(). */
  readonly cwd?: string;
  /** Whether the host speaks IPv6: decides whether "all interfaces" is `::` or `0.0.0.0`. */
  readonly hasIpv6?: () => boolean;
}

export type SettingOrigin = 'default' | ConfigSource;

export type LoadResult =
  | {
    readonly ok: true;
    readonly config: ParleyConfig;
    /** Where each setting's value came from, by setting path (`ports.https` → `env`). */
    readonly origins: Readonly<Record<string, SettingOrigin>>;
    readonly warnings: readonly string[];
  }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[]; readonly warnings: readonly string[] };

interface Sources {
  readonly flag: Map<string, RawValue>;
  readonly env: Map<string, RawValue>;
  readonly file: Map<string, RawValue>;
}
const PRECEDENCE: readonly ConfigSource[] = ['flag', 'env', 'file'];

/** Whether any network interface (loopback included) has an IPv6 address. */
export function hostHasIpv6(): boolean {
  try {
    return Object.values(networkInterfaces()).some((list) =>
      (list ?? []).some((a) => a.family === 'IPv6' || (a.family as unknown) === 6));
  } catch {
    return false; // some sandboxes refuse to list interfaces; IPv4 is the safe assumption
  }
}

/** Recursively freezes plain objects and arrays. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
  node[parts[parts.length - 1] ?? path] = value;
}

function getPath(source: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], source);
}

interface ConfigFileChoice {
  readonly path: string | null;
  readonly isExplicit: boolean;
  readonly issues: ConfigIssue[];
}

/** `--config` / PARLEY_CONFIG, else DATA/parley.json when it exists. */
function chooseConfigFile(explicit: RawValue | undefined, dataDir: string, cwd: string): ConfigFileChoice {
  if (explicit) {
    const raw = String(explicit.raw);
    if (raw.trim() === '') return { path: null, isExplicit: true, issues: [issue('ERR_CONFIG_INVALID_VALUE', explicit.where.startsWith('--') ? 'flag' : 'env', explicit.where, 'must be a file path')] };
    return { path: resolve(cwd, raw), isExplicit: true, issues: [] };
  }
  const candidate = join(dataDir, DEFAULT_CONFIG_FILE_NAME);
  return { path: existsSync(candidate) ? candidate : null, isExplicit: false, issues: [] };
}

/** Validates every given value of one setting; returns the winner by precedence, if any is valid. */
function pick(spec: SettingSpec, sources: Sources, issues: ConfigIssue[]): { value: unknown; origin: ConfigSource; given: RawValue } | undefined {
  let winner: { value: unknown; origin: ConfigSource; given: RawValue } | undefined;
  for (const origin of PRECEDENCE) {
    const given = sources[origin].get(spec.path);
    if (!given) continue;
    const result = coerce(spec, given.raw, origin);
    if (!result.ok) issues.push(issue('ERR_CONFIG_INVALID_VALUE', origin, given.where, result.message));
    else winner ??= { value: result.value, origin, given };
  }
  return winner;
}

function checkPorts(config: ParleyConfig, origins: Record<string, SettingOrigin>, where: Map<string, string>, issues: ConfigIssue[]): void {
  const byPort = new Map<number, string[]>();
  for (const name of PORT_NAMES) {
    const port = config.ports[name];
    if (port !== 0) byPort.set(port, [...(byPort.get(port) ?? []), `ports.${name}`]);
  }
  for (const [port, paths] of byPort) {
    if (paths.length < 2) continue;
    const label = (path: string): string => where.get(path) ?? `--${settingByPath(path)?.flag} (default ${port})`;
    const primary = paths.find((p) => origins[p] !== 'default') ?? paths[0] ?? '';
    const others = paths.filter((p) => p !== primary).map(label);
    const origin = origins[primary];
    issues.push(issue('ERR_CONFIG_CONFLICT', origin === undefined || origin === 'default' ? 'flag' : origin, label(primary),
      `port ${port} is also used by ${others.join(' and ')}; every listener needs its own port (0 = any free port)`));
  }
}

function checkStarttls(config: ParleyConfig, origins: Record<string, SettingOrigin>, where: Map<string, string>, issues: ConfigIssue[]): void {
  if (!config.xmpp.allowPlaintextAuth || !config.xmpp.requireStarttls || origins['xmpp.requireStarttls'] === 'default') return;
  const origin = origins['xmpp.requireStarttls'] as ConfigSource;
  issues.push(issue('ERR_CONFIG_CONFLICT', origin, where.get('xmpp.requireStarttls') ?? 'xmpp.requireStarttls',
    `contradicts ${where.get('xmpp.allowPlaintextAuth') ?? '--xmpp-allow-plaintext-auth'}: plaintext authentication needs STARTTLS to be optional`));
}

/**
 * Reads flags, environment and config file, validates everything, and returns the frozen config or
 * every problem found.
 * @example loadConfig({ argv: ['--data', '/tmp/p', '--port-https', '0'], env: {} })
 */
export function loadConfig(options: LoadOptions = {}): LoadResult {
  const cwd = options.cwd ?? process.cwd();
  const flags = parseFlags(options.argv ?? []);
  const env = readEnv(options.env ?? process.env);
  const issues: ConfigIssue[] = [...flags.issues];
  const warnings = [...env.warnings];

  // The data directory is needed first: it holds the default config file.
  const dataGiven = flags.values.get('data') ?? env.values.get('data');
  const dataDir = resolve(cwd, typeof dataGiven?.raw === 'string' ? dataGiven.raw : DEFAULT_CONFIG.data);
  const choice = chooseConfigFile(flags.config ?? env.config, dataDir, cwd);
  issues.push(...choice.issues);
  const file = choice.path ? readConfigFile(choice.path) : { values: new Map<string, RawValue>(), issues: [] };
  issues.push(...file.issues);
  const fileData = file.values.get('data');
  if (fileData && !choice.isExplicit) {
    issues.push(issue('ERR_CONFIG_CONFLICT', 'file', fileData.where,
      'the config file inside the data directory cannot move it; use --config with a file outside the data directory'));
  }

  const sources: Sources = { flag: flags.values, env: env.values, file: file.values };
  const built = structuredClone(DEFAULT_CONFIG) as unknown as Record<string, unknown>;
  const origins: Record<string, SettingOrigin> = {};
  const where = new Map<string, string>();
  for (const spec of SETTINGS) {
    const chosen = pick(spec, sources, issues);
    origins[spec.path] = chosen?.origin ?? 'default';
    if (!chosen) continue;
    where.set(spec.path, chosen.given.where);
    const value = spec.kind.type === 'path' ? resolve(chosen.given.baseDir ?? cwd, String(chosen.value)) : chosen.value;
    setPath(built, spec.path, value);
  }
  if (origins['xmpp.requireStarttls'] === 'default') {
    setPath(built, 'xmpp.requireStarttls', !getPath(built, 'xmpp.allowPlaintextAuth'));
  }
  if (origins['websocket.maxFrameBytes'] === 'default') {
    setPath(built, 'websocket.maxFrameBytes', getPath(built, 'xmpp.stanzaSizeLimit'));
  }
  if (origins['ports.cti'] === 'default') {
    setPath(built, 'ports.cti', ctiSecurePortFor(Number(getPath(built, 'cti.systemId'))));
  }
  if (built['bind'] === BIND_ALL) built['bind'] = (options.hasIpv6 ?? hostHasIpv6)() ? '::' : '0.0.0.0';
  if (!isAbsolute(String(built['data']))) built['data'] = resolve(cwd, String(built['data']));
  built['configFile'] = choice.path;

  const config = built as unknown as ParleyConfig;
  checkPorts(config, origins, where, issues);
  checkStarttls(config, origins, where, issues);
  if (issues.length > 0) return { ok: false, issues, warnings };
  return { ok: true, config: deepFreeze(config), origins: Object.freeze(origins), warnings };
}

/** loadConfig for tests and embedders: returns the config or throws a ConfigError with every issue. */
export function loadConfigOrThrow(options: LoadOptions = {}): ParleyConfig {
  const result = loadConfig(options);
  if (!result.ok) throw new ConfigError(result.issues);
  return result.config;
}

export interface LocateDataOptions {
  /** The value of a `--data` flag, if given. */
  readonly data?: string;
  /** The value of a `--config` flag, if given. */
  readonly config?: string;
  readonly env?: Environment;
  readonly cwd?: string;
}

/**
 * Finds the data directory the way `parley serve` does (flag, PARLEY_DATA, an explicit config file's
 * `data`, ./data) without validating anything else: `parley admin` and `parley sim` use it to find the
 * running server.
 */
export function locateData(options: LocateDataOptions = {}): { ok: true; data: string } | { ok: false; issues: readonly ConfigIssue[] } {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const given = (name: string): string | undefined => (env[name]?.trim() ? env[name] : undefined);
  const dataEnv = given(settingByPath('data')?.env ?? 'PARLEY_DATA');
  if (options.data !== undefined) return { ok: true, data: resolve(cwd, options.data) };
  if (dataEnv !== undefined) return { ok: true, data: resolve(cwd, dataEnv) };
  const configRaw = options.config ?? given(CONFIG_OPTION.env);
  if (configRaw !== undefined) {
    const path = resolve(cwd, configRaw);
    const file = readConfigFile(path);
    if (file.issues.length > 0) return { ok: false, issues: file.issues };
    const fromFile = file.values.get('data');
    if (typeof fromFile?.raw === 'string') return { ok: true, data: resolve(fromFile.baseDir ?? cwd, fromFile.raw) };
  }
  return { ok: true, data: resolve(cwd, DEFAULT_CONFIG.data) };
}
