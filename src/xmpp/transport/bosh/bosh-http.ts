// The HTTP side of /http-bind that knows nothing of BOSH sessions: the origin check and CORS answers
// (the shared module src/http/cors, `notification` list), the method check, reading a POST body under a byte limit without buffering beyond it, and
// writing replies. [notification-service] §2.1 B1, B3; §2.8 "HTTP"; [contract] "HTTP behaviour".
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpContext } from '../../../http/http-routes.js';
import { answer, type CorsGate } from '../../../http/cors/cors-gate.js';
import type { BoshReply } from './bosh-session.js';

export type Headers = Record<string, string>;

const TEXT = 'text/plain; charset=utf-8';
const ALLOW = 'POST, OPTIONS';

/**
 * Checks Origin against the `notification` allow-list. Returns the CORS headers for the replies, or
 * undefined after answering itself: a preflight or cross-origin OPTIONS (200), or a refusal (403 without
 * Access-Control-Allow-Origin).
 */
export function checkOrigin(req: IncomingMessage, res: ServerResponse, ctx: HttpContext, cors: CorsGate): Headers | undefined {
  const d = cors.decide(req, ctx, 'notification', { allow: ALLOW });
  if (d.action === 'answer') {
    answer(req, res, d);
    return undefined;
  }
  return d.headers;
}

/** OPTIONS without Origin (not a browser's): 200 with Allow. */
export function answerOptions(res: ServerResponse, cors: Headers): void {
  res.writeHead(200, { allow: ALLOW, 'content-length': '0', ...cors }).end();
}

/** B1: every request is a POST. */
export function answerMethodNotAllowed(res: ServerResponse, cors: Headers): void {
  res.writeHead(405, { allow: ALLOW, 'content-type': TEXT, ...cors }).end('Use POST\n');
}

export type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: 'too-large' | 'aborted' };

/**
 * Collects a request body of at most `limit` bytes. Beyond the limit it stops collecting at once (nothing
 * more is buffered) and reports `too-large`; the caller answers 413 and closes the connection. Slow
 * uploads are cut off by the listener's requestTimeout.
 */
export function readBody(req: IncomingMessage, limit: number, done: (r: BodyResult) => void): void {
  let finished = false;
  const finish = (r: BodyResult): void => {
    if (finished) return;
    finished = true;
    done(r);
  };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return finish({ ok: false, reason: 'too-large' });
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    if (finished) return;
    size += chunk.length;
    if (size > limit) {
      chunks.length = 0;
      return finish({ ok: false, reason: 'too-large' });
    }
    chunks.push(chunk);
  });
  req.on('end', () => finish({ ok: true, body: Buffer.concat(chunks, size) }));
  req.on('aborted', () => finish({ ok: false, reason: 'aborted' }));
  req.on('error', () => finish({ ok: false, reason: 'aborted' }));
}

export function answerTooLarge(req: IncomingMessage, res: ServerResponse, limit: number, cors: Headers): void {
  res.writeHead(413, { 'content-type': TEXT, connection: 'close', ...cors }).end(`Request body larger than ${limit} bytes\n`);
  // The rest of the upload is read and discarded (never kept), so that closing the socket does not reset
  // the connection before the client has read the 413; after a short grace the socket is closed anyway.
  req.removeAllListeners('data');
  req.resume();
  const socket = req.socket;
  const timer = setTimeout(() => socket.destroy(), TOO_LARGE_GRACE_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}

const TOO_LARGE_GRACE_MS = 2_000;

/** B3: text/xml; charset=utf-8 (or the creation request's `content`), never cached. */
export function writeReply(res: ServerResponse, reply: BoshReply, cors: Headers, close: boolean): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Headers = { 'content-type': reply.contentType, 'cache-control': 'no-store', ...cors };
  if (close) headers.connection = 'close';
  res.writeHead(reply.status, headers).end(reply.body);
}
