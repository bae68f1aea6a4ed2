// /desktop/ on the https port: the single page, its bundled script, its style sheet, and the
// finesse.js-compatible library at the paths gadgets load it from (finesse-api.md §1.1:
// /desktop/assets/js/finesse.js and finesse.min.js).
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpContext } from '../http/http-routes.js';
import type { Logger } from '../shared/logger.js';
import { webBundle, WEB_ROOT, type WebEntry } from './web-bundle.js';
import { CONTENT_TYPES, DESKTOP_CSP, methodAllowed, sendBody, sendText } from './http-headers.js';

export const DESKTOP_PREFIX = '/desktop/';

const SCRIPT_PATHS: Readonly<Record<string, WebEntry>> = {
  '/desktop/assets/js/desktop.js': 'desktop',
  '/desktop/assets/js/finesse.js': 'finesse',
  '/desktop/assets/js/finesse.min.js': 'finesse',
  '/cfadmin/assets/cfadmin.js': 'cfadmin',
};

const STYLE_PATHS: Readonly<Record<string, string>> = {
  '/desktop/assets/css/desktop.css': 'desktop/desktop.css',
  '/desktop/assets/css/gadget.css': 'desktop/gadget.css',
  '/cfadmin/assets/cfadmin.css': 'desktop/desktop.css',
};

export function pageHtml(o: { title: string; script: string; styles: string[]; bodyClass: string; lang?: string }): string {
  return `<!doctype html>
<html lang="${o.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title}</title>
<link rel="icon" href="data:,">
${o.styles.map((s) => `<link rel="stylesheet" href="${s}">`).join('\n')}
<script src="${o.script}" defer></script>
</head>
<body class="${o.bodyClass}">
<noscript>This page needs JavaScript.</noscript>
<div id="app"></div>
</body>
</html>
`;
}

const DESKTOP_HTML = pageHtml({ title: 'Parley Desktop', script: '/desktop/assets/js/desktop.js', styles: ['/desktop/assets/css/desktop.css'], bodyClass: 'desktop' });
const etagOf = (s: string): string => `"${createHash('sha256').update(s).digest('base64url').slice(0, 22)}"`;

const styleCache = new Map<string, { text: string; etag: string }>();

/**
 * jQuery (MIT, the npm package) at the path Finesse gadgets load it from (finesse-api.md §1.1), so that
 * gadgets written for Finesse run unchanged; Parley's own code does not use it.
 */
const VENDOR_SCRIPTS: Readonly<Record<string, string>> = {
  '/desktop/assets/js/jquery.min.js': 'jquery/dist/jquery.min.js',
  '/desktop/assets/js/jquery.js': 'jquery/dist/jquery.js',
};
const vendorCache = new Map<string, { text: string; etag: string } | null>();

async function readVendor(spec: string): Promise<{ text: string; etag: string } | undefined> {
  if (vendorCache.has(spec)) return vendorCache.get(spec) ?? undefined;
  let v: { text: string; etag: string } | null = null;
  try {
    const text = await readFile(createRequire(import.meta.url).resolve(spec), 'utf8');
    v = { text, etag: etagOf(text) };
  } catch { /* not installed */ }
  vendorCache.set(spec, v);
  return v ?? undefined;
}

async function readStyle(rel: string): Promise<{ text: string; etag: string } | undefined> {
  const hit = styleCache.get(rel);
  if (hit) return hit;
  try {
    const text = await readFile(join(WEB_ROOT, rel), 'utf8');
    const v = { text, etag: etagOf(text) };
    styleCache.set(rel, v);
    return v;
  } catch {
    return undefined;
  }
}

/** Serves one bundled script; a bundling failure is a 500 that says what esbuild said. */
export async function serveScript(req: IncomingMessage, res: ServerResponse, entry: WebEntry, log: Logger): Promise<void> {
  const b = await webBundle();
  if (!b.ok) {
    log.error(`desktop: bundling the browser code failed:\n${b.error}`);
    sendText(req, res, 500, `Parley could not bundle its browser code (web/). esbuild said:\n${b.error}\n`);
    return;
  }
  const f = b.files[entry];
  sendBody(req, res, 200, f.text, { 'content-type': CONTENT_TYPES.js! }, f.etag);
}

export async function serveStatic(req: IncomingMessage, res: ServerResponse, path: string, log: Logger): Promise<boolean> {
  const entry = SCRIPT_PATHS[path];
  if (entry) { await serveScript(req, res, entry, log); return true; }
  const vendor = VENDOR_SCRIPTS[path];
  if (vendor) {
    const v = await readVendor(vendor);
    if (!v) { log.warn(`desktop: ${vendor} is not installed (npm install)`); sendText(req, res, 404, `${vendor} is not installed`); return true; }
    sendBody(req, res, 200, v.text, { 'content-type': CONTENT_TYPES.js! }, v.etag);
    return true;
  }
  const style = STYLE_PATHS[path];
  if (style) {
    const s = await readStyle(style);
    if (!s) { sendText(req, res, 404, 'Not found'); return true; }
    sendBody(req, res, 200, s.text, { 'content-type': CONTENT_TYPES.css! }, s.etag);
    return true;
  }
  return false;
}

export interface DesktopRouteDeps {
  log: Logger;
  /** Other /desktop/ sub-handlers (layout, gadget pages) tried before the 404. */
  extra?: (req: IncomingMessage, res: ServerResponse, path: string, ctx: HttpContext) => boolean | Promise<boolean>;
}

export function desktopHandler(deps: DesktopRouteDeps) {
  return function desktop(req: IncomingMessage, res: ServerResponse, ctx: HttpContext): void {
    void (async () => {
      if (ctx.listener !== 'https') { sendText(req, res, 404, 'Not found'); return; }
      const path = new URL(req.url ?? '/', 'https://x').pathname;
      if (path === '/desktop') {
        res.writeHead(301, { location: '/desktop/', 'cache-control': 'no-store' }).end();
        return;
      }
      if (deps.extra && await deps.extra(req, res, path, ctx)) return;
      if (!methodAllowed(req, res, ['GET', 'HEAD'])) return;
      if (path === '/desktop/' || path === '/desktop/index.html') {
        sendBody(req, res, 200, DESKTOP_HTML, { 'content-type': CONTENT_TYPES.html!, 'content-security-policy': DESKTOP_CSP, 'x-frame-options': 'DENY' });
        return;
      }
      if (await serveStatic(req, res, path, deps.log)) return;
      sendText(req, res, 404, 'Not found');
    })().catch((e) => {
      deps.log.error(`desktop: ${(e as Error)?.stack ?? e}`);
      if (!res.headersSent) sendText(req, res, 500, 'Internal error');
      else res.destroy();
    });
  };
}
