// Logging seam. Subsystems log through a Logger; where the lines go (the Openfire-style files of the
// notification service, stderr, JSON) is decided by the composition root. Pure logic never logs.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export const LOG_LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
  isDebugEnabled(): boolean;
}

export const silentLogger: Logger = {
  debug() {}, info() {}, warn() {}, error() {}, isDebugEnabled: () => false,
};

/** A logger that keeps lines in memory (tests assert on the exact wording the documents quote). */
export class MemoryLogger implements Logger {
  readonly lines: { level: LogLevel; msg: string }[] = [];
  constructor(private debugEnabled = true) {}
  debug(msg: string): void { if (this.debugEnabled) this.lines.push({ level: 'debug', msg }); }
  info(msg: string): void { this.lines.push({ level: 'info', msg }); }
  warn(msg: string): void { this.lines.push({ level: 'warn', msg }); }
  error(msg: string): void { this.lines.push({ level: 'error', msg }); }
  isDebugEnabled(): boolean { return this.debugEnabled; }
  has(level: LogLevel, fragment: string): boolean {
    return this.lines.some((l) => l.level === level && l.msg.includes(fragment));
  }
}

/** Neutralizes control characters and bounds the length of text that came from outside. */
export function sanitizeForLog(s: string, max = 4096): string {
  // Line breaks too, so that text from outside cannot forge a log line; C1 controls and bidi overrides as well.
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/[\x00-\x08\x0A-\x1F\x7F-\x9F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
  return clean.length > max ? `${clean.slice(0, max)}…[${clean.length - max} more chars]` : clean;
}
