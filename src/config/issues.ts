// Configuration problems are collected, never thrown one by one: the user sees every mistake of one
// start at once, each with the place it came from (flag, environment variable or config file).
import type { ConfigSource } from './values.js';

export type ConfigIssueCode =
  | 'ERR_CONFIG_INVALID_VALUE'
  | 'ERR_CONFIG_MISSING_VALUE'
  | 'ERR_CONFIG_UNKNOWN_FLAG'
  | 'ERR_CONFIG_UNEXPECTED_ARGUMENT'
  | 'ERR_CONFIG_UNKNOWN_KEY'
  | 'ERR_CONFIG_FILE_UNREADABLE'
  | 'ERR_CONFIG_FILE_MALFORMED'
  | 'ERR_CONFIG_CONFLICT';

export interface ConfigIssue {
  readonly code: ConfigIssueCode;
  readonly source: ConfigSource;
  /** The offending input as the user wrote it: `--port-https 70000`, `PARLEY_INACTIVITY=-5`, `/etc/parley.json: "fqdn"`. */
  readonly where: string;
  readonly message: string;
}

export const issue = (code: ConfigIssueCode, source: ConfigSource, where: string, message: string): ConfigIssue =>
  ({ code, source, where, message });

/** Quotes a value for display: short, one line. */
export function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const oneLine = text.replace(/[\r\n\t]/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}

/** The report printed on stderr when the configuration is invalid. */
export function formatIssues(issues: readonly ConfigIssue[], helpCommand = 'parley serve --help'): string {
  const head = issues.length === 1 ? 'invalid configuration:' : `invalid configuration (${issues.length} problems):`;
  const lines = issues.map((i) => `  ${i.where}: ${i.message}`);
  return [`parley: ${head}`, ...lines, `Run \`${helpCommand}\` for every option, its default and its environment variable.`, ''].join('\n');
}

/** Thrown by loadConfigOrThrow; carries every issue. */
export class ConfigError extends Error {
  readonly code = 'ERR_CONFIG_INVALID';
  readonly issues: readonly ConfigIssue[];
  constructor(issues: readonly ConfigIssue[]) {
    super(formatIssues(issues).trimEnd());
    this.name = 'ConfigError';
    this.issues = issues;
  }
}
