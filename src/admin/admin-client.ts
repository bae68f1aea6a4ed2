// The client end of the admin channel: sends one request, relays progress lines, returns the result.
// Tells "no server is running" apart from every other failure, because `parley admin` answers that case
// with its own message and exit code.
import { connect } from 'node:net';
import { encode, LineSplitter } from './protocol.js';

export type AdminCallResult =
  | { readonly ok: true; readonly exitCode: number; readonly output: string }
  | { readonly ok: false; readonly reason: 'not-running' | 'permission-denied' | 'connection-lost' | 'protocol-error'; readonly message: string };

export interface AdminCallOptions {
  readonly onProgress?: (line: string) => void;
  /** Milliseconds to wait for the connection (default 5000); the command itself may run as long as it needs. */
  readonly connectTimeoutMs?: number;
  readonly maxLineBytes?: number;
}

/** Responses (a certificate list, a long help) may be far longer than requests. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
const NOT_RUNNING = new Set(['ENOENT', 'ECONNREFUSED', 'ENOTSOCK', 'ENOTDIR']);

export function callAdmin(socketPath: string, words: readonly string[], options: AdminCallOptions = {}): Promise<AdminCallResult> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    let connected = false;
    let settled = false;
    const finish = (result: AdminCallResult): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, reason: 'not-running', message: `no answer on ${socketPath}` }), options.connectTimeoutMs ?? 5000);

    const onLine = (line: string): void => {
      let msg: { id?: unknown; progress?: unknown; exitCode?: unknown; output?: unknown };
      try {
        msg = JSON.parse(line) as typeof msg;
      } catch {
        finish({ ok: false, reason: 'protocol-error', message: 'the server sent a line that is not JSON' });
        return;
      }
      if (typeof msg.progress === 'string') {
        options.onProgress?.(msg.progress);
      } else if (typeof msg.exitCode === 'number') {
        finish({ ok: true, exitCode: msg.exitCode, output: typeof msg.output === 'string' ? msg.output : '' });
      }
    };
    const splitter = new LineSplitter(options.maxLineBytes ?? MAX_RESPONSE_BYTES, onLine,
      () => finish({ ok: false, reason: 'protocol-error', message: 'the server sent an overlong line' }));

    socket.on('connect', () => {
      connected = true;
      clearTimeout(timer);
      socket.write(encode({ id: 1, words }));
    });
    socket.on('data', (chunk: Buffer) => splitter.push(chunk));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (!connected && NOT_RUNNING.has(e.code ?? '')) finish({ ok: false, reason: 'not-running', message: e.message });
      else if (!connected && (e.code === 'EACCES' || e.code === 'EPERM')) finish({ ok: false, reason: 'permission-denied', message: e.message });
      else finish({ ok: false, reason: 'connection-lost', message: e.message });
    });
    socket.on('close', () => {
      clearTimeout(timer);
      finish({ ok: false, reason: 'connection-lost', message: 'the server closed the connection before the command finished' });
    });
  });
}
