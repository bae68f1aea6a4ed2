// The server end of `parley admin`: a local socket (DATA/run/admin.sock, mode 0600 in a 0700
// directory) speaking the newline-delimited JSON of protocol.ts. Only the user that runs the server can
// connect; that file permission is the admin channel's authentication. Requests on one connection run
// concurrently and are answered by id. Nothing a client sends can crash the server: a bad line gets an
// error response, an oversized line gets one and the connection is closed.
import { chmod, lstat, mkdir, unlink } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import {
  createCommandRegistry,
  EXIT_FAILED,
  EXIT_USAGE,
  type AdminCommandSpec,
  type AdminCommandTable,
  type AdminContext,
  type AdminHandler,
  type AdminResult,
  type CommandRegistry,
} from './commands.js';
import { ADMIN_MAX_LINE_BYTES, encode, LineSplitter, parseRequest, type AdminProgress, type AdminResponse } from './protocol.js';
import { isNamedPipe } from './socket-path.js';

export interface AdminServerOptions {
  readonly socketPath: string;
  /** A command table, or a registry the caller keeps registering into. */
  readonly commands: AdminCommandTable | CommandRegistry;
  /** Longest request line accepted, in bytes (default 64 KiB). */
  readonly maxLineBytes?: number;
  /** Requests one connection may have running at once (default 32). */
  readonly maxConcurrentPerConnection?: number;
  /** Errors worth a log line: handler failures. */
  readonly onError?: (error: unknown, words: readonly string[]) => void;
}

export interface AdminServer {
  readonly socketPath: string;
  readonly registry: CommandRegistry;
  register(words: string, command: AdminHandler | AdminCommandSpec): void;
  /** Runs a command in-process (the admin REST API, tests). */
  execute(words: readonly string[], ctx?: Partial<AdminContext>): Promise<AdminResult>;
  /** Creates the socket (replacing a stale one); fails with AdminSocketInUseError if a server answers on it. */
  listen(): Promise<void>;
  /** Stops listening, drops connections (their running commands see `signal` aborted) and removes the socket. */
  close(): Promise<void>;
}

export class AdminSocketInUseError extends Error {
  readonly code = 'ERR_ADMIN_SOCKET_IN_USE';
  readonly socketPath: string;
  constructor(socketPath: string) {
    super(`another Parley server is already running for this data directory (its admin socket ${socketPath} answers)`);
    this.name = 'AdminSocketInUseError';
    this.socketPath = socketPath;
  }
}

const isRegistry = (c: AdminCommandTable | CommandRegistry): c is CommandRegistry =>
  typeof (c as CommandRegistry).execute === 'function' && typeof (c as CommandRegistry).register === 'function';

/** Whether something accepts connections on `path`. */
function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(path);
    const done = (alive: boolean): void => {
      probe.destroy();
      resolve(alive);
    };
    probe.once('connect', () => done(true));
    probe.once('error', () => done(false));
    probe.setTimeout(2000, () => done(false));
  });
}

/** Creates the 0700 directory and removes a stale socket file left by a server that died. */
async function prepare(path: string): Promise<void> {
  if (isNamedPipe(path)) return;
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const info = await lstat(dir);
  if (!info.isDirectory()) throw new Error(`${dir} is not a directory`);
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) throw new Error(`${dir} belongs to another user; refusing to put the admin socket there`);
  await chmod(dir, 0o700);
  const existing = await lstat(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  if (!existing) return;
  if (!existing.isSocket()) throw new Error(`refusing to replace ${path}: it is not a socket`);
  if (await answers(path)) throw new AdminSocketInUseError(path);
  await unlink(path);
}

export function createAdminServer(options: AdminServerOptions): AdminServer {
  const registry = isRegistry(options.commands)
    ? options.commands
    : createCommandRegistry(options.commands, options.onError ? { onError: options.onError } : {});
  const maxLine = options.maxLineBytes ?? ADMIN_MAX_LINE_BYTES;
  const maxConcurrent = options.maxConcurrentPerConnection ?? 32;
  const connections = new Map<Socket, AbortController>();
  let server: Server | undefined;

  const serve = (socket: Socket): void => {
    const aborter = new AbortController();
    connections.set(socket, aborter);
    let running = 0;
    const send = (message: AdminResponse | AdminProgress): void => {
      if (!socket.destroyed && socket.writable) socket.write(encode(message));
    };

    const run = (line: string): void => {
      const parsed = parseRequest(line);
      if (!parsed.ok) {
        send({ id: parsed.id, exitCode: EXIT_USAGE, output: `${parsed.message}\n`, error: 'ERR_ADMIN_MALFORMED' });
        return;
      }
      const { id, words } = parsed.request;
      if (running >= maxConcurrent) {
        send({ id, exitCode: EXIT_FAILED, output: `busy: at most ${maxConcurrent} commands at once per connection\n`, error: 'ERR_ADMIN_BUSY' });
        return;
      }
      running++;
      let finished = false;
      const ctx: AdminContext = {
        progress: (text) => { if (!finished) send({ id, progress: String(text) }); },
        signal: aborter.signal,
      };
      void registry.execute(words, ctx).then((result) => {
        finished = true;
        running--;
        const { exitCode, output } = result;
        send(result.error ? { id, exitCode, output, error: result.error } : { id, exitCode, output });
      });
    };

    const splitter = new LineSplitter(maxLine, run, () => {
      send({ id: null, exitCode: EXIT_USAGE, output: `request line longer than ${maxLine} bytes; closing the connection\n`, error: 'ERR_ADMIN_LINE_TOO_LONG' });
      socket.end();
      setTimeout(() => socket.destroy(), 1000).unref();
    });
    socket.on('data', (chunk: Buffer) => splitter.push(chunk));
    // A client that disconnects abruptly (EPIPE, ECONNRESET) is not an error of the server.
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      connections.delete(socket);
      aborter.abort();
    });
  };

  const execute: AdminServer['execute'] = (words, ctx = {}) =>
    registry.execute(words, { progress: ctx.progress ?? (() => {}), signal: ctx.signal ?? new AbortController().signal });

  const listen = async (): Promise<void> => {
    if (server) throw new Error('the admin server is already listening');
    await prepare(options.socketPath);
    const s = createServer(serve);
    await new Promise<void>((resolve, reject) => {
      s.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE' ? new AdminSocketInUseError(options.socketPath) : e));
      s.listen(options.socketPath, () => resolve());
    });
    server = s;
    s.on('error', (e) => options.onError?.(e, []));
    if (!isNamedPipe(options.socketPath)) await chmod(options.socketPath, 0o600);
  };

  const close = async (): Promise<void> => {
    const s = server;
    if (!s) return;
    server = undefined;
    const closed = new Promise<void>((resolve) => s.close(() => resolve()));
    for (const [socket, aborter] of connections) {
      aborter.abort();
      socket.destroy();
    }
    await closed;
    if (!isNamedPipe(options.socketPath)) {
      await unlink(options.socketPath).catch(() => undefined); // already gone: nothing to clean up
    }
  };

  return { socketPath: options.socketPath, registry, register: registry.register, execute, listen, close };
}
