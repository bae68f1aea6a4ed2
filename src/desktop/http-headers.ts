// Response headers for the desktop, the cfadmin pages and gadget pages: content types, caching and
// Content-Security-Policy (pure: values only).
import type { IncomingMessage, ServerResponse } from 'node:http';

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  ico: 'image/x-icon',
  txt: 'text/plain; charset=utf-8',
  woff2: 'font/woff2',
};

export function contentTypeFor(name: string): string {
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

/**
 * The desktop's policy: only its own scripts and styles; REST and WebSocket to itself and, for
 * failover, to the other node over https/wss; gadget frames from itself.
 */
export const DESKTOP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' https: wss:",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * A gadget page: written by third parties, so inline scripts are allowed, but the page is always a
 * sandboxed document without same-origin rights (the header repeats the iframe's sandbox), so it
 * cannot read the desktop or its credentials; it may be framed only by the desktop.
 */
export function gadgetCsp(ownOrigin: string): string {
  return [
    `default-src 'self' ${ownOrigin}`,
    `script-src 'self' ${ownOrigin} 'unsafe-inline' 'unsafe-eval'`,
    `style-src 'self' ${ownOrigin} 'unsafe-inline'`,
    "img-src * data: blob:",
    "connect-src *",
    "object-src 'none'",
    `frame-ancestors 'self' ${ownOrigin}`,
    'sandbox allow-scripts allow-forms allow-popups allow-modals',
  ].join('; ');
}

export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

export type CacheKind = 'no-store' | 'revalidate';

export function cacheControl(kind: CacheKind): string {
  return kind === 'no-store' ? 'no-store' : 'no-cache';
}

/** Sends a body with an ETag (answering 304 when the client has it) or with no-store. */
export function sendBody(req: IncomingMessage, res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string>, etag?: string): void {
  const h: Record<string, string> = { ...COMMON_HEADERS, ...headers };
  if (etag) {
    h.etag = etag;
    h['cache-control'] ??= cacheControl('revalidate');
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, h).end();
      return;
    }
  } else {
    h['cache-control'] ??= cacheControl('no-store');
  }
  h['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(status, h);
  res.end(req.method === 'HEAD' ? undefined : body);
}

export function sendText(req: IncomingMessage, res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  sendBody(req, res, status, text.endsWith('\n') ? text : `${text}\n`, { 'content-type': CONTENT_TYPES.txt!, ...extra });
}

export function methodAllowed(req: IncomingMessage, res: ServerResponse, allowed: readonly string[]): boolean {
  if (allowed.includes(req.method ?? 'GET')) return true;
  res.writeHead(405, { ...COMMON_HEADERS, allow: allowed.join(', '), 'content-type': CONTENT_TYPES.txt!, 'cache-control': 'no-store' }).end('Method not allowed\n');
  return false;
}
