// Where the admin socket of a data directory lives: DATA/run/admin.sock. Unix socket paths are limited
// (sun_path: 108 bytes on Linux, 104 on macOS); for a data directory too deep for that, the socket moves
// to a per-user directory under the system temp dir, named after a hash of the data directory, so the
// server and `parley admin` still find each other. On Windows it is a named pipe.
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ADMIN_SOCKET_DIR = 'run';
export const ADMIN_SOCKET_NAME = 'admin.sock';

export interface SocketPathOptions {
  readonly platform?: NodeJS.Platform;
  readonly tmpDir?: string;
  readonly uid?: number;
}

export function adminSocketPath(dataDir: string, options: SocketPathOptions = {}): string {
  const platform = options.platform ?? process.platform;
  const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  if (platform === 'win32') return `\\\\.\\pipe\\parley-admin-${hash}`;
  const preferred = join(dataDir, ADMIN_SOCKET_DIR, ADMIN_SOCKET_NAME);
  const limit = platform === 'linux' ? 107 : 103;
  if (Buffer.byteLength(preferred) <= limit) return preferred;
  const uid = options.uid ?? process.getuid?.() ?? 0;
  return join(options.tmpDir ?? tmpdir(), `parley-${uid}`, `admin-${hash}.sock`);
}

export const isNamedPipe = (path: string): boolean => path.startsWith('\\\\.\\pipe\\') || path.startsWith('\\\\?\\pipe\\');
