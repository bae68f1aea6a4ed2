// Log files in the Openfire layout the product documents use ([notification-service] §0.7):
// DATA/logs/desktop/openfire/debug.log and info.log for the notification service. Lines are
// "yyyy.MM.dd HH:mm:ss <message>" like Openfire's. Writes are appended synchronously in small batches;
// a failing disk never takes the server down (the error is reported once on stderr).
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { LOG_LEVELS, sanitizeForLog, type Logger, type LogLevel } from './logger.js';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export function openfireTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}.${pad(d.getMonth() + 1)}.${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export interface FileLoggerOptions {
  /** Files per level: a line goes to every file whose level is <= the line's level. */
  files: Partial<Record<LogLevel, string>>;
  /** Whether debug lines are written (the notification debug toggle). */
  debug: () => boolean;
  now?: () => number;
  /** Also echo warnings and errors to stderr. */
  stderr?: boolean;
}

export function createFileLogger(opts: FileLoggerOptions): Logger {
  const now = opts.now ?? Date.now;
  let failed = false;
  for (const f of Object.values(opts.files)) if (f) mkdirSync(dirname(f), { recursive: true, mode: 0o750 });
  const write = (level: LogLevel, msg: string): void => {
    if (level === 'debug' && !opts.debug()) return;
    const line = `${openfireTimestamp(now())} ${sanitizeForLog(msg)}\n`;
    for (const [fileLevel, file] of Object.entries(opts.files) as [LogLevel, string][]) {
      if (LOG_LEVELS[fileLevel] > LOG_LEVELS[level]) continue;
      if (fileLevel === 'debug' && level !== 'debug' && opts.files.info) continue; // debug.log holds debug lines only
      try {
        appendFileSync(file, line);
      } catch (e) {
        if (!failed) process.stderr.write(`parley: cannot write log file ${file}: ${(e as Error).message}\n`);
        failed = true;
      }
    }
    if (opts.stderr && LOG_LEVELS[level] >= LOG_LEVELS.warn) process.stderr.write(`parley: ${level}: ${msg}\n`);
  };
  return {
    debug: (m) => write('debug', m),
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m) => write('error', m),
    isDebugEnabled: opts.debug,
  };
}
