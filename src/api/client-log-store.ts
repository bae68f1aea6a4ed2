// Where ClientLog uploads go ([finesse-api] §2.6): one file per upload under
// DATA/logs/desktop/clientlogs/<user>/ named by the upload's UTC time, newest `keepPerUser` kept.
// Administrators read them back through /admin/api/client-logs/. Glue (files).
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ClientLogFile { readonly user: string; readonly file: string; readonly bytes: number }

export interface ClientLogStore {
  /** Stores one upload; returns the file name. */
  save(userId: string, logData: string, now: number): Promise<string>;
  /** Users with logs, or one user's files (newest first). */
  users(): Promise<string[]>;
  files(userId: string): Promise<string[]>;
  /** The text of one file, or undefined when there is no such file. */
  read(userId: string, file: string): Promise<string | undefined>;
}

const FILE_NAME = /^ClientLog-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z(-\d+)?\.log$/;
/** User ids come from the user store; anything unusual is percent-encoded so it cannot leave the folder. */
const folderOf = (userId: string): string => encodeURIComponent(userId).replace(/^\.+/, (m) => '%2E'.repeat(m.length));

export function createClientLogStore(root: string, keepPerUser = 50): ClientLogStore {
  const dirOf = (userId: string): string => join(root, folderOf(userId));
  const list = async (userId: string): Promise<string[]> => {
    try {
      return (await readdir(dirOf(userId))).filter((f) => FILE_NAME.test(f)).sort().reverse();
    } catch {
      return [];
    }
  };
  return {
    async save(userId, logData, now) {
      const dir = dirOf(userId);
      await mkdir(dir, { recursive: true, mode: 0o750 });
      const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
      const existing = new Set(await list(userId));
      let file = `ClientLog-${stamp}.log`;
      for (let n = 1; existing.has(file); n++) file = `ClientLog-${stamp}-${n}.log`;
      await writeFile(join(dir, file), logData, { mode: 0o640, flag: 'wx' });
      const all = await list(userId);
      for (const old of all.slice(keepPerUser)) await rm(join(dir, old), { force: true });
      return file;
    },
    async users() {
      try {
        return (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => decodeURIComponent(d.name)).sort();
      } catch {
        return [];
      }
    },
    files: list,
    async read(userId, file) {
      if (!FILE_NAME.test(file)) return undefined;
      try {
        return await readFile(join(dirOf(userId), file), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}
