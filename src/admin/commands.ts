// The admin command table: Cisco-CLI-style word sequences (`show status`, `utils system restart`,
// `user bulk-add`) mapped to handlers. A request runs the command whose words are the longest prefix of
// the request's words (keywords match case-insensitively); the remaining words are its arguments.
// Independent of the socket, so the REST admin API can run the same commands.
import { closest } from '../shared/suggest.js';
import { catalogueSummary } from './catalogue.js';

export interface AdminContext {
  /** Sends one progress line to the client before the final result (long commands). */
  progress(line: string): void;
  /** Aborted when the client goes away or the server stops. */
  readonly signal: AbortSignal;
}

export interface AdminResult {
  readonly exitCode: number;
  readonly output: string;
}

export type AdminHandler = (args: string[], ctx: AdminContext) => Promise<AdminResult>;

export interface AdminCommandSpec {
  readonly handler: AdminHandler;
  /** One line for `help`. */
  readonly summary?: string;
  /** Usage text; `<words> --help` prints it. */
  readonly usage?: string;
}

/** Keys are the command words separated by spaces: `"utils finesse cors status"`. */
export type AdminCommandTable = Readonly<Record<string, AdminHandler | AdminCommandSpec>>;

export interface AdminCommandInfo {
  readonly words: string;
  readonly summary: string;
}

export interface CommandRegistry {
  /** Adds or replaces a command. */
  register(words: string, command: AdminHandler | AdminCommandSpec): void;
  /** Runs the command the words name; never throws. */
  execute(words: readonly string[], ctx: AdminContext): Promise<AdminResult & { error?: 'ERR_ADMIN_UNKNOWN_COMMAND' | 'ERR_ADMIN_INCOMPLETE_COMMAND' | 'ERR_ADMIN_INTERNAL' }>;
  /** Every command, sorted, `help` included. */
  list(): AdminCommandInfo[];
}

interface Entry {
  readonly keywords: readonly string[];
  readonly spec: AdminCommandSpec;
}

/** Exit codes of the admin channel: 0 success, 1 the command failed, 2 usage error (unknown command, bad arguments). */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

const splitWords = (words: string): string[] => words.trim().split(/\s+/).filter(Boolean).map((w) => w.toLowerCase());
const HELP_FLAGS = new Set(['--help', '-h']);

function matchLength(entry: Entry, words: readonly string[]): number {
  if (entry.keywords.length > words.length) return -1;
  return entry.keywords.every((k, i) => words[i]?.toLowerCase() === k) ? entry.keywords.length : -1;
}

/** The words of a request that look like command words (not options or values), for messages. */
function shownWords(words: readonly string[]): string {
  const end = words.findIndex((w) => w.startsWith('-'));
  return words.slice(0, end === -1 ? Math.min(words.length, 6) : Math.min(end, 6)).join(' ');
}

function formatList(commands: readonly AdminCommandInfo[]): string {
  const width = Math.min(48, Math.max(...commands.map((c) => c.words.length)) + 2);
  return commands.map((c) => `  ${c.words.padEnd(width)}${c.summary}`.trimEnd()).join('\n');
}

export interface RegistryOptions {
  /** Called with every error a handler throws (the caller sees "Internal error: …"). */
  readonly onError?: (error: unknown, words: readonly string[]) => void;
}

export function createCommandRegistry(table: AdminCommandTable = {}, options: RegistryOptions = {}): CommandRegistry {
  const entries = new Map<string, Entry>();

  const register = (words: string, command: AdminHandler | AdminCommandSpec): void => {
    const keywords = splitWords(words);
    if (keywords.length === 0) throw new TypeError('an admin command needs at least one word');
    const spec = typeof command === 'function' ? { handler: command } : command;
    entries.set(keywords.join(' '), { keywords, spec });
  };

  const list = (): AdminCommandInfo[] =>
    [...entries.values()]
      .map((e) => {
        const words = e.keywords.join(' ');
        return { words, summary: e.spec.summary ?? catalogueSummary(words) ?? '' };
      })
      .sort((a, b) => a.words.localeCompare(b.words));

  const help: AdminHandler = async (args) => {
    const prefix = args.map((a) => a.toLowerCase());
    const chosen = list().filter((c) => prefix.every((w, i) => c.words.split(' ')[i] === w));
    if (chosen.length === 0) {
      return { exitCode: EXIT_USAGE, output: `No command starts with "${args.join(' ')}". Type \`help\` for every command.\n` };
    }
    return { exitCode: EXIT_OK, output: `Commands:\n${formatList(chosen)}\n` };
  };

  const notFound = (words: readonly string[]): AdminResult & { error: 'ERR_ADMIN_UNKNOWN_COMMAND' | 'ERR_ADMIN_INCOMPLETE_COMMAND' } => {
    const lower = words.map((w) => w.toLowerCase());
    const all = list();
    const continuations = all.filter((c) => lower.every((w, i) => c.words.split(' ')[i] === w));
    if (continuations.length > 0) {
      return { exitCode: EXIT_USAGE, error: 'ERR_ADMIN_INCOMPLETE_COMMAND',
        output: `Incomplete command: ${shownWords(words)}\nIt continues with:\n${formatList(continuations)}\n` };
    }
    const first = lower[0] ?? '';
    let related = all.filter((c) => c.words.split(' ')[0] === first);
    if (related.length === 0) {
      const guess = closest(first, new Set(all.map((c) => c.words.split(' ')[0] ?? '')));
      related = guess ? all.filter((c) => c.words.split(' ')[0] === guess) : [];
    }
    const hint = related.length > 0 ? `Did you mean:\n${formatList(related)}\n` : '';
    return { exitCode: EXIT_USAGE, error: 'ERR_ADMIN_UNKNOWN_COMMAND',
      output: `Unknown command (or not available in this version): ${shownWords(words)}\n${hint}Type \`help\` for every command.\n` };
  };

  const execute: CommandRegistry['execute'] = async (words, ctx) => {
    let best: Entry | undefined;
    for (const entry of entries.values()) {
      if (matchLength(entry, words) > (best?.keywords.length ?? 0)) best = entry;
    }
    if (!best) return notFound(words);
    const args = words.slice(best.keywords.length);
    if (args.length === 1 && HELP_FLAGS.has(args[0] ?? '') && (best.spec.usage ?? best.spec.summary)) {
      return { exitCode: EXIT_OK, output: `${best.spec.usage ?? `${best.keywords.join(' ')}: ${best.spec.summary}`}\n` };
    }
    try {
      const result: unknown = await best.spec.handler([...args], ctx);
      const r = result as Partial<AdminResult> | undefined;
      if (typeof r?.exitCode !== 'number' || typeof r.output !== 'string') {
        return { exitCode: EXIT_FAILED, error: 'ERR_ADMIN_INTERNAL', output: 'Internal error: the command returned no result.\n' };
      }
      return { exitCode: r.exitCode, output: r.output };
    } catch (e) {
      options.onError?.(e, words);
      return { exitCode: EXIT_FAILED, error: 'ERR_ADMIN_INTERNAL', output: `Internal error: ${(e as Error)?.message ?? String(e)}\n` };
    }
  };

  register('help', { handler: help, summary: 'list the commands (help <words> lists those starting with them)' });
  for (const [words, command] of Object.entries(table)) register(words, command);
  return { register, execute, list };
}
