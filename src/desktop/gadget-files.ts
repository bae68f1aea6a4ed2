// Third-party gadget files: uploaded by administrators to DATA/3rdpartygadget/files/ and served at
// /3rdpartygadget/files/… (Finesse's path, finesse-api.md §5.5); the gadgets Parley ships
// (web/gadgets/) are served at the same path unless an upload of the same name replaces them.
// Names are checked segment by segment (letters, digits, . _ -; no leading dot; known extensions),
// sizes are bounded per file and in total.
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { err, ok, type Result } from '../shared/result.js';
import { WEB_ROOT } from './web-bundle.js';

export const GADGET_URL_PREFIX = '/3rdpartygadget/files/';
export const GADGET_EXTENSIONS = ['xml', 'html', 'htm', 'js', 'css', 'json', 'png', 'jpg', 'jpeg', 'gif', 'svg', 'ico', 'txt', 'woff2'] as const;

export interface GadgetFileLimits { maxFileBytes: number; maxTotalBytes: number; maxFiles: number }
export const GADGET_FILE_LIMITS: GadgetFileLimits = { maxFileBytes: 2 * 1024 * 1024, maxTotalBytes: 50 * 1024 * 1024, maxFiles: 500 };

export type NameProblem = 'bad-name';

/** Validates a relative name like "MyGadget/MyGadget.xml"; returns the normalized name. */
export function safeGadgetName(name: string): Result<string, NameProblem> {
  let decoded: string;
  try { decoded = decodeURIComponent(name); } catch { return err('bad-name', 'the name is not valid percent-encoding'); }
  if (decoded.length === 0 || decoded.length > 300) return err('bad-name', 'a name must have 1–300 characters');
  const parts = decoded.split('/');
  if (parts.length > 5) return err('bad-name', 'at most 4 folders deep');
  for (const p of parts) {
    if (!/^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$/.test(p) || p.includes('..')) {
      return err('bad-name', `"${p.slice(0, 40)}" is not allowed: use letters, digits, dot, underscore and hyphen, not starting with a dot`);
    }
  }
  const last = parts[parts.length - 1]!;
  const ext = last.includes('.') ? last.slice(last.lastIndexOf('.') + 1).toLowerCase() : '';
  if (!(GADGET_EXTENSIONS as readonly string[]).includes(ext)) return err('bad-name', `files ending in .${ext || '(nothing)'} are not accepted; allowed: ${GADGET_EXTENSIONS.join(', ')}`);
  return ok(parts.join('/'));
}

export interface GadgetFileInfo { readonly name: string; readonly bytes: number; readonly shipped: boolean }

export interface GadgetFiles {
  /** The bytes of a file by its validated name (uploads first, then shipped). */
  read(name: string): Buffer | undefined;
  list(): GadgetFileInfo[];
  write(name: string, body: Buffer): Result<GadgetFileInfo, 'bad-name' | 'too-large' | 'quota'>;
  remove(name: string): Result<void, 'bad-name' | 'not-found'>;
}

function walk(root: string, rel = ''): { name: string; bytes: number }[] {
  let entries: string[];
  try { entries = readdirSync(join(root, rel)); } catch { return []; }
  const out: { name: string; bytes: number }[] = [];
  for (const e of entries) {
    if (e.startsWith('.')) continue;
    const r = rel ? `${rel}/${e}` : e;
    const st = statSync(join(root, r));
    if (st.isDirectory()) out.push(...walk(root, r));
    else if (st.isFile()) out.push({ name: r, bytes: st.size });
  }
  return out;
}

export function createGadgetFiles(dataDir: string, limits: GadgetFileLimits = GADGET_FILE_LIMITS, shippedDir = join(WEB_ROOT, 'gadgets')): GadgetFiles {
  const uploadDir = join(dataDir, '3rdpartygadget', 'files');
  const tryRead = (path: string): Buffer | undefined => {
    try { return readFileSync(path); } catch { return undefined; }
  };
  return {
    read(name) {
      const safe = safeGadgetName(name);
      if (!safe.ok) return undefined;
      return tryRead(join(uploadDir, safe.value)) ?? tryRead(join(shippedDir, safe.value));
    },
    list() {
      const uploaded = walk(uploadDir).map((f) => ({ ...f, shipped: false }));
      const names = new Set(uploaded.map((f) => f.name));
      const shipped = walk(shippedDir).filter((f) => !names.has(f.name)).map((f) => ({ ...f, shipped: true }));
      return [...uploaded, ...shipped].sort((a, b) => a.name.localeCompare(b.name));
    },
    write(name, body) {
      const safe = safeGadgetName(name);
      if (!safe.ok) return err('bad-name', safe.text);
      if (body.length > limits.maxFileBytes) return err('too-large', `the file has ${body.length} bytes; the limit is ${limits.maxFileBytes}`);
      const existing = walk(uploadDir);
      const others = existing.filter((f) => f.name !== safe.value);
      if (others.length + 1 > limits.maxFiles) return err('quota', `at most ${limits.maxFiles} uploaded files`);
      const total = others.reduce((a, f) => a + f.bytes, 0) + body.length;
      if (total > limits.maxTotalBytes) return err('quota', `uploads would total ${total} bytes; the limit is ${limits.maxTotalBytes}`);
      const path = join(uploadDir, safe.value);
      mkdirSync(dirname(path), { recursive: true, mode: 0o750 });
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, body, { mode: 0o640 });
      renameSync(tmp, path);
      return ok({ name: safe.value, bytes: body.length, shipped: false });
    },
    remove(name) {
      const safe = safeGadgetName(name);
      if (!safe.ok) return err('bad-name', safe.text);
      const path = join(uploadDir, safe.value);
      try { statSync(path); } catch { return err('not-found', `no uploaded file ${safe.value} (shipped gadgets cannot be deleted)`); }
      rmSync(path, { force: true });
      return ok(undefined);
    },
  };
}
