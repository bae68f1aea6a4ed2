// Bundles the browser code under web/ with esbuild on first request and keeps the result in memory
// for the life of the process (no build step for users). A failure is kept too, as a clear error
// listing esbuild's messages, until `invalidate()` (or a restart) tries again.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { build, type Message } from 'esbuild';

export const WEB_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');

/** The browser entry points: output name → source file under web/. */
export const WEB_ENTRIES = {
  desktop: 'desktop/main.ts',
  finesse: 'finesse/finesse.ts',
  cfadmin: 'cfadmin/main.ts',
} as const;
export type WebEntry = keyof typeof WEB_ENTRIES;

export interface BundledFile { readonly text: string; readonly etag: string }
export type BundleOutcome =
  | { readonly ok: true; readonly files: Readonly<Record<WebEntry, BundledFile>>; readonly ms: number }
  | { readonly ok: false; readonly error: string };

const cached = new Map<string, Promise<BundleOutcome>>();

function describeMessages(messages: readonly Message[]): string {
  return messages.slice(0, 20).map((m) => {
    const where = m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ` : '';
    return `${where}${m.text}`;
  }).join('\n');
}

async function bundleNow(webRoot: string): Promise<BundleOutcome> {
  const started = Date.now();
  try {
    const result = await build({
      absWorkingDir: webRoot,
      entryPoints: Object.fromEntries(Object.entries(WEB_ENTRIES).map(([k, v]) => [k, join(webRoot, v)])),
      bundle: true,
      write: false,
      outdir: 'out',
      format: 'iife',
      target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
      platform: 'browser',
      charset: 'utf8',
      legalComments: 'none',
      sourcemap: false,
      logLevel: 'silent',
    });
    if (result.errors.length) return { ok: false, error: describeMessages(result.errors) };
    const files = {} as Record<WebEntry, BundledFile>;
    for (const f of result.outputFiles) {
      const name = f.path.slice(f.path.lastIndexOf('/') + 1).replace(/\.js$/, '') as WebEntry;
      if (!(name in WEB_ENTRIES)) continue;
      files[name] = { text: f.text, etag: `"${createHash('sha256').update(f.text).digest('base64url').slice(0, 22)}"` };
    }
    for (const k of Object.keys(WEB_ENTRIES) as WebEntry[]) {
      if (!files[k]) return { ok: false, error: `esbuild produced no output for ${k}` };
    }
    return { ok: true, files, ms: Date.now() - started };
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors;
    return { ok: false, error: errors?.length ? describeMessages(errors) : String((e as Error)?.message ?? e) };
  }
}

/** The bundle, built once per process (concurrent callers share one build). */
export function webBundle(webRoot = WEB_ROOT): Promise<BundleOutcome> {
  let b = cached.get(webRoot);
  if (!b) cached.set(webRoot, (b = bundleNow(webRoot)));
  return b;
}

export function invalidateWebBundle(webRoot = WEB_ROOT): void {
  cached.delete(webRoot);
}
