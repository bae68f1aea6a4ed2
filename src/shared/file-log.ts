// Log files in the Openfire layout the product documents use ([notification-service] §0.7):
// DATA/logs/desktop/openfire/debug.log and info.log for the notification service. Lines are
// "yyyy.MM.dd HH:mm:ss <message>" like Openfire's, or one JSON object per line for log shippers
// (`log.format=json`). Every line passes the redaction guard (log-redact.ts), has its control characters
// escaped and is truncated with a marker past `maxLineChars`. Files rotate by size and age (log-sink.ts);
// a failing disk never takes the server down (the problem is reported once, see log-sink.ts).
import { createLogSink, type LogSink, type RetentionPolicy } from './log-sink.js';
import { redactSecrets } from './log-redact.js';
import { LOG_LEVELS, sanitizeForLog, type Logger, type LogLevel } from './logger.js';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export function openfireTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}.${pad(d.getMonth() + 1)}.${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export type LogFormat = 'text' | 'json';
export const LOG_FORMATS: readonly LogFormat[] = ['text', 'json'];

/** Longest message kept in a line (a 1 MB user string is cut here, with a marker saying how much). */
export const DEFAULT_MAX_LINE_CHARS = 16_384;

export interface FileLoggerOptions {
  /** Files per level: a line goes to every file whose level is <= the line's level. */
  files: Partial<Record<LogLevel, string>>;
  /** Whether debug lines are written (the notification debug toggle). */
  debug: () => boolean;
  now?: () => number;
  /** Also echo warnings and errors to stderr. */
  stderr?: boolean;
  /** `text` (Openfire's line format, the default) or `json` (one object per line). */
  format?: LogFormat;
  /** The `logger` field of JSON lines (`openfire`, `parley`, …). */
  name?: string;
  /** Rotation and retention of every file; defaults to 10 MB × 10 files, 14 days. */
  policy?: RetentionPolicy;
  maxLineChars?: number;
  /** Where a file that cannot be written is reported (once); stderr by default. */
  onProblem?: (message: string) => void;
}

/** The text of one message as it may be written: secrets redacted, control characters escaped, bounded. */
export function cleanLogMessage(msg: string, maxChars = DEFAULT_MAX_LINE_CHARS): string {
  // Only a bounded prefix is examined, so a 1 MB string costs no more than a long line.
  const examined = msg.length > maxChars * 4 ? msg.slice(0, maxChars * 4) : msg;
  const clean = sanitizeForLog(redactSecrets(examined), Number.MAX_SAFE_INTEGER);
  if (clean.length <= maxChars && examined === msg) return clean;
  return `${clean.slice(0, maxChars)}…[truncated: ${msg.length} chars in all]`;
}

export function formatLogLine(format: LogFormat, level: LogLevel, ms: number, msg: string, name = 'parley', maxChars = DEFAULT_MAX_LINE_CHARS): string {
  const text = cleanLogMessage(msg, maxChars);
  if (format === 'json') return `${JSON.stringify({ time: new Date(ms).toISOString(), level, logger: name, msg: text })}\n`;
  return `${openfireTimestamp(ms)} ${text}\n`;
}

export function createFileLogger(opts: FileLoggerOptions): Logger {
  const now = opts.now ?? Date.now;
  const format = opts.format ?? 'text';
  const onProblem = opts.onProblem ?? ((m: string) => { process.stderr.write(`parley: ${m}\n`); });
  const sinks = new Map<LogLevel, LogSink>();
  for (const [level, file] of Object.entries(opts.files) as [LogLevel, string][]) {
    if (!file) continue;
    const sink = createLogSink({ path: file, now, onProblem, ...(opts.policy ? { policy: opts.policy } : {}) });
    sink.write(''); // creates the file now, so a missing or unwritable directory is reported at start
    sinks.set(level, sink);
  }
  const write = (level: LogLevel, msg: string): void => {
    if (level === 'debug' && !opts.debug()) return;
    const line = formatLogLine(format, level, now(), msg, opts.name, opts.maxLineChars);
    for (const [fileLevel, sink] of sinks) {
      if (LOG_LEVELS[fileLevel] > LOG_LEVELS[level]) continue;
      if (fileLevel === 'debug' && level !== 'debug' && opts.files.info) continue; // debug.log holds debug lines only
      sink.write(line);
    }
    if (opts.stderr && LOG_LEVELS[level] >= LOG_LEVELS.warn) process.stderr.write(`parley: ${level}: ${cleanLogMessage(msg)}\n`);
  };
  return {
    debug: (m) => write('debug', m),
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m) => write('error', m),
    isDebugEnabled: opts.debug,
  };
}
