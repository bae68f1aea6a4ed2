// `parley serve`: config → buildServer → start → the ready line → wait for SIGTERM/SIGINT → stop.
// [contract] "The server process": stdout carries exactly one line, the ready line; every other message
// goes to stderr. SIGTERM shuts down within 5 seconds.
import type { ParleyConfig } from '../config/schema.js';
import { formatIssues } from '../config/issues.js';
import { deepFreeze, loadConfig, type LoadOptions } from '../config/load.js';
import { SETTINGS } from '../config/schema.js';
import { serveHelp } from './help.js';
import { line, type CliIo } from './io.js';

// Types only: the server module itself is loaded lazily, after the configuration is valid.
import type { ParleyServer, ReadyInfo } from '../server.js';
export type { ParleyServer, ReadyInfo };

export interface ServerModule {
  /** `onRestartRequest` is what `utils system restart` calls (issue 10). */
  buildServer(config: ParleyConfig, options?: { onRestartRequest?: () => void }): Promise<ParleyServer>;
}

export type ShutdownSignal = 'SIGTERM' | 'SIGINT';

/** The part of `process` serve listens on (tests pass an EventEmitter). */
export interface SignalSource {
  on(signal: ShutdownSignal, listener: () => void): unknown;
  off(signal: ShutdownSignal, listener: () => void): unknown;
}

export interface ServeDeps {
  readonly io: CliIo;
  /** Loads src/server.ts; tests substitute a stub. */
  readonly loadServer?: () => Promise<ServerModule>;
  readonly signals?: SignalSource;
  /** Passed to loadConfig (env, cwd); defaults to the process's. */
  readonly configOptions?: Omit<LoadOptions, 'argv'>;
  /** Hard deadline for stop(), in ms (default 4500, inside the contract's 5 seconds). */
  readonly stopDeadlineMs?: number;
  /**
   * Called with the exit code once serve is done; the real process uses it to make sure the process
   * ends even if something still holds the event loop. `immediately` is set when a second signal asks
   * to stop at once, or when stop() missed its deadline.
   */
  readonly exit?: (code: number, immediately: boolean) => void;
}

export const EXIT_START_FAILED = 1;
export const EXIT_BAD_CONFIG = 2;
/** [contract] SIGTERM shuts down "within 5 seconds": stop() gets 4.5 s, leaving time for the process to end. */
const STOP_DEADLINE_MS = 4500;

const defaultLoadServer = (): Promise<ServerModule> => import('../server.js');

interface RootCause {
  code?: string;
  port?: number;
  address?: string;
  message: string;
}

/** Follows `cause` links to the first error with an errno-style code (a listen error carries port and address). */
function rootCause(error: unknown): RootCause {
  let e: unknown = error;
  for (let depth = 0; depth < 5 && e instanceof Error; depth++) {
    const { code, port, address } = e as Error & { code?: unknown; port?: unknown; address?: unknown };
    if (typeof code === 'string' && code.startsWith('E')) {
      const root: RootCause = { code, message: e.message };
      if (typeof port === 'number') root.port = port;
      if (typeof address === 'string') root.address = address;
      return root;
    }
    e = e.cause;
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

/** A start failure explained in terms of the option the user can change. */
export function explainStartFailure(error: unknown, config: ParleyConfig): string {
  const root = rootCause(error);
  const portSetting = root.port === undefined ? undefined
    : SETTINGS.find((s) => s.path.startsWith('ports.') && config.ports[s.path.slice(6) as keyof ParleyConfig['ports']] === root.port);
  const option = portSetting ? ` (option --${portSetting.flag}, env ${portSetting.env})` : '';
  switch (root.code) {
    case 'EADDRINUSE':
      return `parley: cannot start: port ${root.port ?? '?'} is already in use${option}. Stop the program that uses it, or choose `
        + `another port${portSetting ? `, e.g. --${portSetting.flag} 0 for any free port` : ''}.`;
    case 'EACCES':
      if (root.port !== undefined) {
        return `parley: cannot start: no permission to listen on port ${root.port}${option}; ports below 1024 need privileges. Choose another port.`;
      }
      return `parley: cannot start: permission denied: ${root.message}`;
    case 'EADDRNOTAVAIL':
      return `parley: cannot start: the listen address ${root.address ?? config.bind} is not an address of this host; check --bind (now ${config.bind}).`;
    default:
      return `parley: cannot start: ${root.message}`;
  }
}

function withDeadline(work: Promise<void>, ms: number): Promise<'done' | 'timeout' | { error: unknown }> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), ms);
    work.then(
      () => { clearTimeout(timer); resolve('done'); },
      (error: unknown) => { clearTimeout(timer); resolve({ error }); },
    );
  });
}

interface SignalWatch {
  /** Resolves at the first SIGTERM/SIGINT. */
  readonly requested: Promise<void>;
  readonly count: () => number;
  readonly dispose: () => void;
}

/** Watches SIGTERM/SIGINT: the first asks for a clean stop, a second one exits at once. */
function watchSignals(deps: ServeDeps): SignalWatch {
  let count = 0;
  let resolve: () => void = () => {};
  const requested = new Promise<void>((r) => { resolve = r; });
  const onSignal = (): void => {
    count++;
    if (count === 1) {
      resolve();
      return;
    }
    deps.io.stderr('parley: second signal: exiting without waiting for the shutdown to finish\n');
    deps.exit?.(1, true);
  };
  deps.signals?.on('SIGTERM', onSignal);
  deps.signals?.on('SIGINT', onSignal);
  const dispose = (): void => {
    deps.signals?.off('SIGTERM', onSignal);
    deps.signals?.off('SIGINT', onSignal);
  };
  return { requested, count: () => count, dispose };
}

/** A restart keeps the ports the listeners had when the configuration said "any free port" (0). */
function keepBoundPorts(config: ParleyConfig, bound: Readonly<Record<string, number>>): ParleyConfig {
  const ports = { ...config.ports } as Record<string, number>;
  for (const [name, port] of Object.entries(ports)) if (port === 0 && bound[name]) ports[name] = bound[name];
  return deepFreeze({ ...config, ports: ports as unknown as ParleyConfig['ports'] });
}

function readyLine(info: ReadyInfo): string {
  return `${JSON.stringify({ event: 'ready', fqdn: info.fqdn, data: info.data, ca: info.ca, ports: info.ports })}\n`;
}

function greeting(info: ReadyInfo): string {
  const https = info.ports['https'];
  const desktop = https === undefined ? '' : ` Agent desktop: https://${info.fqdn}:${https}/desktop/.`;
  return `parley: ready.${desktop} Data directory: ${info.data}. Stop with Ctrl-C or SIGTERM.\n`;
}

/** Loads the config, reporting problems; undefined when the node must not start. */
function configure(argv: readonly string[], deps: ServeDeps): ParleyConfig | undefined {
  const loaded = loadConfig({ ...deps.configOptions, argv });
  for (const warning of loaded.warnings) deps.io.stderr(`parley: warning: ${warning}\n`);
  if (!loaded.ok) {
    deps.io.stderr(formatIssues(loaded.issues));
    return undefined;
  }
  const config = loaded.config;
  if (config.xmpp.allowPlaintextAuth) {
    deps.io.stderr(`parley: WARNING: --xmpp-allow-plaintext-auth is on: SASL PLAIN is accepted on the xmpp port (${config.ports.xmpp}) `
      + 'without STARTTLS, so passwords cross the network in clear text. Use it only in a lab, for legacy samples.\n');
  }
  return config;
}

export async function runServe(argv: readonly string[], deps: ServeDeps): Promise<number> {
  const { io } = deps;
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(serveHelp());
    return 0;
  }
  const config = configure(argv, deps);
  if (!config) return EXIT_BAD_CONFIG;

  // Signals are watched from the start, so a SIGTERM during start-up still stops the node cleanly.
  const signals = watchSignals(deps);
  const finish = (code: number, immediately = false): number => {
    signals.dispose();
    deps.exit?.(code, immediately);
    return code;
  };
  const deadline = deps.stopDeadlineMs ?? STOP_DEADLINE_MS;

  // `utils system restart` asks for a restart through this (a fresh promise per generation of the server).
  let requestRestart: () => void = () => {};
  const nextRestart = (): Promise<'restart'> => new Promise((r) => { requestRestart = () => r('restart'); });
  let restartRequested = nextRestart();
  let generation = 0;
  /** A request from an older server (already stopped) does nothing. */
  const restartHook = (g: number) => ({ onRestartRequest: (): void => { if (g === generation) requestRestart(); } });

  let server: ParleyServer | undefined;
  let currentConfig = config;
  let boundPorts: Readonly<Record<string, number>> = {};
  try {
    const { buildServer } = await (deps.loadServer ?? defaultLoadServer)();
    server = await buildServer(config, restartHook(++generation));
    const info = await server.start();
    boundPorts = info.ports;
    if (signals.count() === 0) {
      io.stdout(readyLine(info));
      io.stderr(greeting(info));
    }
  } catch (error) {
    io.stderr(line(explainStartFailure(error, config)));
    if (config.logLevel === 'debug' && error instanceof Error && error.stack) io.stderr(line(error.stack));
    if (server) await withDeadline(server.stop('start-failed'), deadline);
    return finish(EXIT_START_FAILED);
  }

  // Restarts: stop, re-read the configuration, build and start a new server (debug toggles start over).
  for (;;) {
    const why = await Promise.race([signals.requested.then(() => 'signal' as const), restartRequested]);
    if (why === 'signal') break;
    io.stderr('parley: restarting every service (utils system restart)\n');
    const stopped = await withDeadline(server.stop('system-shutdown'), deadline);
    if (stopped !== 'done') io.stderr(line(`parley: the old services did not stop cleanly (${stopped === 'timeout' ? 'timeout' : rootCause(stopped.error).message}); starting anyway`));
    currentConfig = keepBoundPorts(configure(argv, deps) ?? currentConfig, boundPorts);
    restartRequested = nextRestart();
    try {
      const { buildServer } = await (deps.loadServer ?? defaultLoadServer)();
      server = await buildServer(currentConfig, restartHook(++generation));
      const info = await server.start();
      boundPorts = info.ports;
      io.stderr(`parley: restarted ${JSON.stringify({ event: 'restarted', ports: info.ports })}\n`);
    } catch (error) {
      io.stderr(line(explainStartFailure(error, currentConfig)));
      if (server) await withDeadline(server.stop('start-failed'), deadline);
      return finish(EXIT_START_FAILED);
    }
  }
  const outcome = await withDeadline(server.stop('system-shutdown'), deadline);
  if (outcome === 'timeout') {
    io.stderr(`parley: the shutdown did not finish within ${deadline / 1000} s; exiting anyway\n`);
    return finish(0, true);
  }
  if (outcome !== 'done') io.stderr(line(`parley: error during shutdown: ${rootCause(outcome.error).message}`));
  return finish(0);
}
