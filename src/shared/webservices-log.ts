// The web services' log, where and as the product document shows it ([notification-service] §0.7,
// issue 10 item 1): DATA/logs/desktop/webservices/Desktop-webservices.<YYYY-MM-DDTHH-MM-SS.sss>.log, the
// name taken when the service starts, one line per event:
//   0000001043: 10.0.0.5: Jun 17 2017 00:16:04.630 +0530: %CCBU_<thread>-<severity>-<MNEMONIC>: <text>
// Callers write "<MNEMONIC>: <text>" (e.g. `PRESENCE DRIVEN LOGOUT: %[agent_id=1001003]: Performing …`)
// through an ordinary Logger; a message without a mnemonic gets `WEBSERVICES`. The thread slot names
// who wrote the line (`thread('Smack Listener Processor (1)')`). Redaction, escaping, truncation,
// rotation and the JSON option are those of the other log files (file-log.ts, log-sink.ts).
import { readdirSync, rmSync, statSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { cleanLogMessage, type LogFormat } from './file-log.js';
import { createLogSink, DEFAULT_RETENTION, type RetentionPolicy } from './log-sink.js';
import { LOG_LEVELS, type Logger, type LogLevel } from './logger.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2): string => String(Math.trunc(n)).padStart(w, '0');

/** Syslog-style severities the Cisco lines carry (`-6-` = informational). */
export const SEVERITY: Record<LogLevel, number> = { error: 3, warn: 4, info: 6, debug: 7 };

/** The thread name of lines written without one. */
export const DEFAULT_THREAD = 'main';

/** Minutes east of UTC of the local time zone at `ms` (+330 for India, as in the document). */
const localOffsetMinutes = (ms: number): number => -new Date(ms).getTimezoneOffset();

/** Local date-time shifted by `offsetMin`, read back through the UTC getters. */
const shifted = (ms: number, offsetMin: number): Date => new Date(ms + offsetMin * 60_000);

/** `Jun 17 2017 00:16:04.630 +0530`; local time unless an offset (minutes east of UTC) is given. */
export function webservicesTimestamp(ms: number, offsetMin = localOffsetMinutes(ms)): string {
  const d = shifted(ms, offsetMin);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${d.getUTCFullYear()} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)} ` +
    `${sign}${pad(abs / 60)}${pad(abs % 60)}`;
}

/** `Desktop-webservices.2017-06-17T00-16-04.630.log` (local time unless an offset is given). */
export function webservicesLogFileName(ms: number, offsetMin = localOffsetMinutes(ms)): string {
  const d = shifted(ms, offsetMin);
  return `Desktop-webservices.${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}-${pad(d.getUTCMinutes())}-${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}.log`;
}

/** A mnemonic is upper case words joined by `_` or single spaces (`PRESENCE DRIVEN LOGOUT`), then ": ". */
const MNEMONIC = /^([A-Z][A-Z0-9_]*(?: [A-Z0-9_]+)*): ?/;

export interface WebservicesLine {
  sequence: number;
  host: string;
  at: number;
  thread: string;
  level: LogLevel;
  /** Already cleaned (see cleanLogMessage). */
  msg: string;
  offsetMin?: number;
}

/** One text line, without its newline. */
export function formatWebservicesLine(l: WebservicesLine): string {
  const m = MNEMONIC.exec(l.msg);
  const mnemonic = m ? m[1]! : 'WEBSERVICES';
  const rest = m ? l.msg.slice(m[0].length) : l.msg;
  // Keep the caller's spacing after the colon (the document has both "…]:Finesse" and "…]: Performing").
  const sep = m && !m[0].endsWith(' ') ? ':' : ': ';
  return `${pad(l.sequence, 10)}: ${l.host}: ${webservicesTimestamp(l.at, l.offsetMin)}: %CCBU_${l.thread}-${SEVERITY[l.level]}-${mnemonic}${sep}${rest}`;
}

/** The address the lines name: the bind address when it is a specific one, else the first external IPv4. */
export function hostAddress(bind?: string): string {
  if (bind && bind !== '::' && bind !== '0.0.0.0' && bind !== '*' && /^[0-9a-fA-F.:]+$/.test(bind)) return bind;
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

const EARLIER_RUN = /^Desktop-webservices\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}\.log(\.\d+)?$/;

/**
 * Each start writes a new file, so retention across runs happens here: files of earlier runs (and
 * their rotations) older than `maxAgeDays` go, and only the newest `maxFiles` earlier runs are kept.
 * Returns the files removed. Never throws.
 */
export function pruneEarlierRuns(dir: string, current: string, policy: RetentionPolicy, now: number): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const runs = new Map<string, { files: string[]; mtime: number }>();
  for (const name of names) {
    const file = join(dir, name);
    if (!EARLIER_RUN.test(name) || file === current || file.startsWith(`${current}.`)) continue;
    let mtime: number;
    try {
      mtime = statSync(file).mtimeMs;
    } catch {
      continue;
    }
    const run = name.replace(/\.\d+$/, '');
    const r = runs.get(run) ?? { files: [], mtime: 0 };
    r.files.push(file);
    r.mtime = Math.max(r.mtime, mtime);
    runs.set(run, r);
  }
  const newestFirst = [...runs.values()].sort((a, b) => b.mtime - a.mtime);
  const removed: string[] = [];
  newestFirst.forEach((r, i) => {
    const tooOld = policy.maxAgeDays > 0 && now - r.mtime > policy.maxAgeDays * 86_400_000;
    if (!tooOld && i < policy.maxFiles) return;
    for (const f of r.files) {
      try {
        rmSync(f, { force: true });
        removed.push(f);
      } catch { /* kept; tried again at the next start */ }
    }
  });
  return removed;
}

export interface WebservicesLogOptions {
  /** DATA/logs/desktop/webservices. */
  dir: string;
  now: () => number;
  /** Whether debug lines are written. */
  debug: () => boolean;
  /** The address in every line (see hostAddress). */
  host: string;
  format?: LogFormat;
  policy?: RetentionPolicy;
  maxLineChars?: number;
  stderr?: boolean;
  onProblem?: (message: string) => void;
  /** Minutes east of UTC for the timestamps and the file name; the local zone by default (tests fix it). */
  offsetMin?: number;
}

export interface WebservicesLog extends Logger {
  /** The file this run writes (named when the service started). */
  readonly file: string;
  /** The same log, with another name in the thread slot. */
  thread(name: string): Logger;
}

export function createWebservicesLog(opts: WebservicesLogOptions): WebservicesLog {
  const startedAt = opts.now();
  const file = join(opts.dir, webservicesLogFileName(startedAt, opts.offsetMin));
  const onProblem = opts.onProblem ?? ((m: string) => { process.stderr.write(`parley: ${m}\n`); });
  const sink = createLogSink({ path: file, now: opts.now, onProblem, ...(opts.policy ? { policy: opts.policy } : {}) });
  sink.write(''); // creates the file now: a missing or unwritable directory is reported at start
  pruneEarlierRuns(opts.dir, file, opts.policy ?? DEFAULT_RETENTION, startedAt);
  let sequence = 0;

  const write = (thread: string, level: LogLevel, raw: string): void => {
    if (level === 'debug' && !opts.debug()) return;
    const msg = cleanLogMessage(raw, opts.maxLineChars);
    const at = opts.now();
    sequence++;
    const line = opts.format === 'json'
      ? JSON.stringify({ time: new Date(at).toISOString(), level, logger: 'webservices', thread, seq: sequence, msg })
      : formatWebservicesLine({ sequence, host: opts.host, at, thread, level, msg, ...(opts.offsetMin === undefined ? {} : { offsetMin: opts.offsetMin }) });
    sink.write(`${line}\n`);
    if (opts.stderr && LOG_LEVELS[level] >= LOG_LEVELS.warn) process.stderr.write(`parley: ${level}: ${msg}\n`);
  };

  const loggerFor = (thread: string): Logger => ({
    debug: (m) => write(thread, 'debug', m),
    info: (m) => write(thread, 'info', m),
    warn: (m) => write(thread, 'warn', m),
    error: (m) => write(thread, 'error', m),
    isDebugEnabled: opts.debug,
  });

  return {
    ...loggerFor(DEFAULT_THREAD),
    file,
    thread: (name: string) => loggerFor(name.replace(/[\r\n]/g, ' ').slice(0, 80)),
  };
}
