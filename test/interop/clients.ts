// Runs the third-party XMPP clients of the interoperability tests (Debian packages python3-slixmpp and
// go-sendxmpp) as child processes: every run is bounded by a timeout and killed when it expires, its
// stdout is collected line by line (JSON lines from test/interop/slixmpp_client.py are parsed), and when
// a test fails the error carries each client's stdout and stderr so a CI failure can be read from the log.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SYSTEM_PYTHON = '/usr/bin/python3';
export const GO_SENDXMPP = '/usr/bin/go-sendxmpp';
export const SLIXMPP_CLIENT = fileURLToPath(new URL('./slixmpp_client.py', import.meta.url));
/** Upper bound for any single client run. */
export const CLIENT_TIMEOUT_MS = 20_000;

export type ClientEvent = { event: string; t?: number } & Record<string, unknown>;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
}

export class ClientProcess {
  readonly lines: string[] = [];
  readonly events: ClientEvent[] = [];
  stderr = '';
  exit: Exit | undefined;
  readonly done: Promise<Exit>;
  readonly #child: ChildProcess;
  #partial = '';
  #lineWaiters: { match: (line: string) => boolean; resolve: (line: string) => void }[] = [];

  constructor(readonly name: string, readonly command: string, readonly args: string[],
    opts: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}) {
    this.#child = spawn(command, args, { env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.#child.kill('SIGKILL');
    }, opts.timeoutMs ?? CLIENT_TIMEOUT_MS);
    this.#child.stdout!.setEncoding('utf8').on('data', (chunk: string) => this.#onStdout(chunk));
    this.#child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { this.stderr += chunk; });
    this.#child.stdin!.on('error', () => {});
    this.#child.stdin!.end(opts.input ?? '');
    this.done = new Promise((resolve) => {
      const finish = (code: number | null, signal: NodeJS.Signals | null, spawnError?: Error) => {
        clearTimeout(timer);
        if (spawnError) this.stderr += `\n[spawn failed: ${spawnError.message}]`;
        if (this.#partial) this.#pushLine(this.#partial);
        this.#partial = '';
        this.exit = { code, signal, timedOut };
        for (const w of this.#lineWaiters.splice(0)) w.resolve('');
        resolve(this.exit);
      };
      this.#child.once('error', (e) => finish(null, null, e));
      this.#child.once('close', (code, signal) => finish(code, signal));
    });
  }

  /** Resolves with the first stdout line (past or future) that matches; rejects on exit or timeout. */
  async waitForLine(match: (line: string) => boolean, timeoutMs = 10_000): Promise<string> {
    const seen = this.lines.find(match);
    if (seen !== undefined) return seen;
    if (this.exit) throw new Error(`${this.name} exited (${describeExit(this.exit)}) before printing the expected line`);
    let timer: NodeJS.Timeout | undefined;
    const line = await new Promise<string>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.name}: expected line not printed within ${timeoutMs} ms`)), timeoutMs);
      this.#lineWaiters.push({ match, resolve });
    }).finally(() => clearTimeout(timer));
    if (line === '' && this.exit) throw new Error(`${this.name} exited (${describeExit(this.exit)}) before printing the expected line`);
    return line;
  }

  /** Resolves with the first JSON event (past or future) named `event` that satisfies `where`. */
  async waitForEvent(event: string, where: (e: ClientEvent) => boolean = () => true, timeoutMs = 10_000): Promise<ClientEvent> {
    const match = (e: ClientEvent | undefined) => e !== undefined && e.event === event && where(e);
    const line = await this.waitForLine((l) => match(parseEvent(l)), timeoutMs);
    return parseEvent(line)!;
  }

  /** Every event named `event`, in order. */
  all(event: string): ClientEvent[] {
    return this.events.filter((e) => e.event === event);
  }

  /** The first event named `event`; throws (with the transcript) when there is none. */
  one(event: string): ClientEvent {
    const e = this.events.find((x) => x.event === event);
    if (!e) throw new Error(`${this.name} printed no "${event}" event`);
    return e;
  }

  indexOf(event: string, where: (e: ClientEvent) => boolean = () => true): number {
    return this.events.findIndex((e) => e.event === event && where(e));
  }

  stop(): void {
    if (!this.exit) this.#child.kill('SIGKILL');
  }

  report(withStderr = true): string {
    const exit = this.exit ? describeExit(this.exit) : 'still running';
    return [
      `=== ${this.name}: ${this.command} ${this.args.map(quote).join(' ')} (${exit})`,
      '--- stdout', this.lines.join('\n') + this.#partial,
      ...(withStderr ? ['--- stderr', tail(this.stderr, 24_000)] : []),
    ].join('\n');
  }

  #onStdout(chunk: string): void {
    this.#partial += chunk;
    let nl: number;
    while ((nl = this.#partial.indexOf('\n')) >= 0) {
      this.#pushLine(this.#partial.slice(0, nl));
      this.#partial = this.#partial.slice(nl + 1);
    }
  }

  #pushLine(line: string): void {
    this.lines.push(line);
    const e = parseEvent(line);
    if (e) this.events.push(e);
    for (const w of [...this.#lineWaiters]) {
      if (w.match(line)) {
        this.#lineWaiters = this.#lineWaiters.filter((x) => x !== w);
        w.resolve(line);
      }
    }
  }
}

function parseEvent(line: string): ClientEvent | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === 'object' && v !== null && typeof (v as { event?: unknown }).event === 'string' ? v as ClientEvent : undefined;
  } catch {
    return undefined;
  }
}

const describeExit = (e: Exit) => (e.timedOut ? 'killed after timeout' : e.signal ? `signal ${e.signal}` : `exit code ${e.code}`);
const quote = (s: string) => (/^[\w@./:=,+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
const tail = (s: string, max: number) => (s.length > max ? `[… ${s.length - max} characters cut]\n${s.slice(-max)}` : s);

export interface SlixmppOptions {
  jid: string;
  password: string;
  port: number;
  ca: string;
  tlsName?: string;
  directTls?: boolean;
  tlsMax?: '1.2' | '1.3';
  noChannelBinding?: boolean;
  actions?: string[];
}

/** The clients a test started; on failure the error carries their transcripts, and none outlives the test. */
export class Clients {
  readonly #all: ClientProcess[] = [];
  readonly #dirs: string[] = [];

  slixmpp(name: string, o: SlixmppOptions): ClientProcess {
    const args = [SLIXMPP_CLIENT, '--jid', o.jid, '--password', o.password, '--port', String(o.port), '--ca', o.ca,
      '--deadline', String((CLIENT_TIMEOUT_MS - 3000) / 1000)];
    if (o.tlsName) args.push('--tls-name', o.tlsName);
    if (o.directTls) args.push('--direct-tls');
    if (o.tlsMax) args.push('--tls-max', o.tlsMax);
    if (o.noChannelBinding) args.push('--no-channel-binding');
    args.push(...(o.actions ?? []));
    // -I (isolated): no PYTHONPATH/PYTHONHOME or user site-packages from a pyenv or venv on the machine.
    return this.#track(new ClientProcess(name, SYSTEM_PYTHON, ['-I', ...args]));
  }

  /**
   * go-sendxmpp with a private HOME (no user config file is read) and Go's system roots replaced by `ca`:
   * SSL_CERT_FILE names the only root file and SSL_CERT_DIR an empty directory, so the server certificate
   * must chain to `ca` (no -n anywhere).
   */
  goSendxmpp(name: string, args: string[], o: { ca: string; input?: string }): ClientProcess {
    const home = mkdtempSync(join(tmpdir(), 'parley-go-sendxmpp-'));
    this.#dirs.push(home);
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, SSL_CERT_FILE: o.ca, SSL_CERT_DIR: join(home, 'no-certs') };
    return this.#track(new ClientProcess(name, GO_SENDXMPP, args, { env, ...(o.input !== undefined ? { input: o.input } : {}) }));
  }

  /** Runs `fn`; when it throws, rethrows with every client's transcript appended. Always kills leftovers. */
  async run(fn: () => Promise<void>, opts: { stderr?: boolean } = {}): Promise<void> {
    try {
      await fn();
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      const reports = this.#all.map((c) => c.report(opts.stderr ?? true)).join('\n\n');
      const wrapped = new Error(`${e.message}\n\n${reports}`, { cause: e });
      if (e.stack) wrapped.stack = `${wrapped.message}\n${e.stack.split('\n').slice(1).join('\n')}`;
      throw wrapped;
    } finally {
      for (const c of this.#all) c.stop();
      await Promise.all(this.#all.map((c) => c.done));
      for (const d of this.#dirs) rmSync(d, { recursive: true, force: true });
    }
  }

  #track(c: ClientProcess): ClientProcess {
    this.#all.push(c);
    return c;
  }
}

/**
 * Runs a test body with a fresh set of clients (see Clients.run). `stderr: false` leaves the clients' stderr
 * out of the failure message (for a todo test, whose expected failure would otherwise flood every CI log).
 */
export function withClients(fn: (clients: Clients) => Promise<void>, opts: { stderr?: boolean } = {}): () => Promise<void> {
  return () => {
    const clients = new Clients();
    return clients.run(() => fn(clients), opts);
  };
}

const installHint = (pkg: string) => `install the Debian package ${pkg} (apt-get install ${pkg}; .ci/run does this in CI)`;

/** Fails (never skips) when slixmpp is not importable by Debian's system python; returns its version. */
export function requireSlixmpp(): string {
  if (!existsSync(SYSTEM_PYTHON)) {
    throw new Error(`${SYSTEM_PYTHON} is missing: the interoperability tests need slixmpp under Debian's system python; ${installHint('python3-slixmpp')}`);
  }
  const r = spawnSync(SYSTEM_PYTHON, ['-I', '-c', 'import slixmpp; print(slixmpp.__version__)'], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) {
    throw new Error(`slixmpp cannot be imported by ${SYSTEM_PYTHON}: ${installHint('python3-slixmpp')}\n${r.stderr ?? ''}${r.error?.message ?? ''}`);
  }
  return r.stdout.trim();
}

/** Fails (never skips) when go-sendxmpp is not installed; returns its version line. */
export function requireGoSendxmpp(): string {
  if (!existsSync(GO_SENDXMPP)) throw new Error(`${GO_SENDXMPP} is missing: ${installHint('go-sendxmpp')}`);
  const r = spawnSync(GO_SENDXMPP, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (r.error || r.status !== 0) {
    throw new Error(`${GO_SENDXMPP} --version failed: ${installHint('go-sendxmpp')}\n${r.stderr ?? ''}${r.error?.message ?? ''}`);
  }
  return (r.stdout || r.stderr).trim().split('\n')[0] ?? '';
}
