// A small POSIX ustar writer (pure): enough for the log archive of `file get activelog` — regular files
// and directories, names up to 255 bytes (prefix + name split), sizes up to 8 GiB, no links. The bytes
// are then gzipped by the caller (node:zlib). Layout: [POSIX.1-2001 "pax" spec, ustar header].
const BLOCK = 512;

export interface TarEntry {
  /** Path inside the archive, with '/' separators, no leading '/', no '..'. */
  readonly name: string;
  readonly data: Buffer;
  /** Modification time, ms since the epoch. */
  readonly mtimeMs: number;
  readonly mode?: number;
}

function octal(value: number, width: number): string {
  // width - 1 digits then NUL, as tar readers expect.
  return value.toString(8).padStart(width - 1, '0').slice(-(width - 1)) + '\0';
}

/** Splits a long name at a '/' into ustar's prefix (≤155 bytes) and name (≤100 bytes). */
export function splitTarName(name: string): { prefix: string; name: string } {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', name };
  for (let i = name.lastIndexOf('/'); i > 0; i = name.lastIndexOf('/', i - 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100 && rest.length > 0) return { prefix, name: rest };
  }
  throw new RangeError(`name too long for a tar archive: ${name.slice(0, 80)}…`);
}

export function isSafeTarName(name: string): boolean {
  return name.length > 0 && !name.startsWith('/') && !name.includes('\0') && !name.split('/').some((p) => p === '..' || p === '');
}

/** The 512-byte ustar header of one regular file. */
export function tarHeader(entry: { name: string; size: number; mtimeMs: number; mode?: number }): Buffer {
  if (!isSafeTarName(entry.name)) throw new RangeError(`unsafe name in a tar archive: ${JSON.stringify(entry.name)}`);
  if (entry.size >= 8 ** 11) throw new RangeError('file too large for a ustar header');
  const h = Buffer.alloc(BLOCK, 0);
  const { prefix, name } = splitTarName(entry.name);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(entry.mode ?? 0o644, 8), 100, 8, 'ascii');
  h.write(octal(0, 8), 108, 8, 'ascii'); // uid
  h.write(octal(0, 8), 116, 8, 'ascii'); // gid
  h.write(octal(entry.size, 12), 124, 12, 'ascii');
  h.write(octal(Math.max(0, Math.floor(entry.mtimeMs / 1000)), 12), 136, 12, 'ascii');
  h.write('        ', 148, 8, 'ascii'); // checksum placeholder: eight spaces
  h.write('0', 156, 1, 'ascii'); // regular file
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  h.write('parley', 265, 32, 'ascii');
  h.write('parley', 297, 32, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148, 8, 'ascii');
  return h;
}

/** Header, data, and the padding to the next 512-byte block. */
export function tarEntryBytes(entry: TarEntry): Buffer[] {
  const pad = (BLOCK - (entry.data.length % BLOCK)) % BLOCK;
  const header = tarHeader({ name: entry.name, size: entry.data.length, mtimeMs: entry.mtimeMs, ...(entry.mode === undefined ? {} : { mode: entry.mode }) });
  return pad > 0 ? [header, entry.data, Buffer.alloc(pad)] : [header, entry.data];
}

/** The end-of-archive marker: two zero blocks. */
export const TAR_END = Buffer.alloc(BLOCK * 2);
