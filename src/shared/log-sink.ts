// One log file with rotation and retention (issue 10 item 1): when the file would grow past `maxBytes`
// it becomes NAME.1 (NAME.1 → NAME.2 …, at most `maxFiles` rotated files kept), and rotated files older
// than `maxAgeDays` are deleted (checked at open, at each rotation, and once a day of writes).
// A missing or unwritable directory or a full disk never throws: the problem is reported once through
// `onProblem` (the server keeps serving), lines are dropped while it lasts, writing is retried at most
// every `retryMs`, and the recovery is reported with the number of lines lost.
import { appendFileSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface RetentionPolicy {
  /** Largest size of the live file; 0 = never rotated by size. */
  readonly maxBytes: number;
  /** Rotated files kept (NAME.1 … NAME.maxFiles). */
  readonly maxFiles: number;
  /** Rotated files older than this many days are deleted; 0 = kept whatever their age. */
  readonly maxAgeDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { maxBytes: 10 * 1024 * 1024, maxFiles: 10, maxAgeDays: 14 };

export interface LogSinkOptions {
  readonly path: string;
  readonly policy?: RetentionPolicy;
  readonly now?: () => number;
  /** Told once when writing starts failing, and once when it works again. */
  readonly onProblem?: (message: string) => void;
  /** Shortest time between two attempts while the file cannot be written. */
  readonly retryMs?: number;
}

export interface LogSink {
  readonly path: string;
  /** Appends text (one or more whole lines); never throws. */
  write(text: string): void;
  /** True while the file cannot be written. */
  readonly isFailing: boolean;
}

const DAY_MS = 86_400_000;

const reason = (e: unknown): string => {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOSPC': return 'the disk is full';
    case 'EDQUOT': return 'the disk quota is exceeded';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'ENOENT': return 'the directory does not exist';
    case 'ENOTDIR': return 'a part of the path is a file, not a directory';
    case 'EROFS': return 'the file system is read-only';
    default: return err?.message ?? String(e);
  }
};

/** The rotated files of `path` (NAME.1, NAME.2 …), with their index. */
export function rotatedFiles(path: string): { file: string; index: number }[] {
  const dir = dirname(path);
  const base = basename(path);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: { file: string; index: number }[] = [];
  for (const name of names) {
    if (!name.startsWith(`${base}.`)) continue;
    const index = Number(name.slice(base.length + 1));
    if (Number.isInteger(index) && index > 0) out.push({ file: join(dir, name), index });
  }
  return out.sort((a, b) => a.index - b.index);
}

export function createLogSink(opts: LogSinkOptions): LogSink {
  const policy = opts.policy ?? DEFAULT_RETENTION;
  const now = opts.now ?? Date.now;
  const retryMs = opts.retryMs ?? 5_000;
  const path = opts.path;
  let size = -1; // unknown until the first successful stat
  let failing = false;
  let lastAttempt = -Infinity;
  let lost = 0;
  let lastSweep = -Infinity;

  const report = (message: string): void => {
    try { opts.onProblem?.(message); } catch { /* a reporter must not break logging */ }
  };

  const sweep = (): void => {
    lastSweep = now();
    for (const { file, index } of rotatedFiles(path)) {
      try {
        const tooMany = index > policy.maxFiles;
        const tooOld = policy.maxAgeDays > 0 && now() - statSync(file).mtimeMs > policy.maxAgeDays * DAY_MS;
        if (tooMany || tooOld) rmSync(file, { force: true });
      } catch { /* gone meanwhile */ }
    }
  };

  const rotate = (): void => {
    const existing = rotatedFiles(path);
    for (let i = existing.length - 1; i >= 0; i--) {
      const { file, index } = existing[i]!;
      if (index >= policy.maxFiles) rmSync(file, { force: true });
      else renameSync(file, `${path}.${index + 1}`);
    }
    if (policy.maxFiles > 0) renameSync(path, `${path}.1`);
    else rmSync(path, { force: true });
    size = 0;
    sweep();
  };

  const open = (): void => {
    mkdirSync(dirname(path), { recursive: true, mode: 0o750 });
    try {
      size = statSync(path).size;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      size = 0;
    }
    sweep();
  };

  const write = (text: string): void => {
    if (failing && now() - lastAttempt < retryMs) {
      lost++;
      return;
    }
    lastAttempt = now();
    try {
      if (size < 0) open();
      const bytes = Buffer.byteLength(text);
      if (policy.maxBytes > 0 && size > 0 && size + bytes > policy.maxBytes) rotate();
      appendFileSync(path, text, { mode: 0o640 });
      size += bytes;
      if (now() - lastSweep > DAY_MS) sweep();
      if (failing) {
        failing = false;
        report(`log file ${path} is writable again; ${lost} line(s) were lost meanwhile`);
        lost = 0;
      }
    } catch (e) {
      lost++;
      size = -1; // re-examine the file on the next attempt
      if (!failing) {
        failing = true;
        report(`cannot write log file ${path}: ${reason(e)}; its lines are dropped until it works again (the server keeps serving)`);
      }
    }
  };

  return {
    path,
    write,
    get isFailing() { return failing; },
  };
}
