// File I/O for the PKI folders: atomic writes (temp file + fsync + rename, so a crash never leaves a
// half-written key or certificate: readers see the old file or the new one) and private directories.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The file's text, or undefined when it does not exist. */
export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export async function writeFileAtomic(path: string, data: string, mode: number): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  // `wx` + mode: the temp file is created with the final permissions, so a key is never readable by
  // others, not even for a moment.
  const handle = await open(tmp, 'wx', mode);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(tmp).catch(() => {});
    throw error;
  }
  await handle.close();
  try {
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => {});
    throw error;
  }
  await syncDir(dir);
}

// Best effort: makes the rename itself durable on POSIX; opening a directory fails on Windows.
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try { await handle.sync(); } finally { await handle.close(); }
  } catch { /* not supported here */ }
}

/**
 * Creates the directory (and parents) and narrows its mode to at most `mode`.
 * Returns true when an existing directory's permissions had to be tightened.
 */
export async function ensurePrivateDir(path: string, mode: number): Promise<boolean> {
  await mkdir(path, { recursive: true, mode });
  return tightenMode(path, mode);
}

/** Clears permission bits beyond `mode`; touches nothing (not even ctime) when already narrow enough. */
export async function tightenMode(path: string, mode: number): Promise<boolean> {
  if (process.platform === 'win32') return false;
  const current = (await stat(path)).mode & 0o777;
  if ((current & ~mode) === 0) return false;
  await chmod(path, current & mode);
  return true;
}
