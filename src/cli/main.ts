// The `parley` command: `serve`, `admin <words…>`, `sim …`, `help`, `--version`.
// bin/parley.mjs calls main() and uses the returned number as the exit code.
import { closest } from '../shared/suggest.js';
import { runAdmin, runSim } from './admin.js';
import { adminHelp, overviewHelp, serveHelp, simHelp } from './help.js';
import { parleyVersion, processIo, type CliIo } from './io.js';
import { runServe, type ServeDeps } from './serve.js';

const COMMANDS = ['serve', 'admin', 'sim', 'help'] as const;

/**
 * While serving, stdout is reserved for the ready line ([contract] "The server process"): stray
 * console.log/info/debug calls anywhere in the server are sent to stderr instead.
 */
function reserveStdout(): void {
  const toStderr = (...args: unknown[]): void => console.error(...args);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
}

/** How the real process ends after serve: at once on a second signal, else once pending output is flushed. */
function processExit(code: number, immediately: boolean): void {
  if (immediately) process.exit(code);
  // If something still holds the event loop after stop(), do not hang: the timer does not keep the
  // process alive by itself, and fires only if something else does.
  setTimeout(() => process.exit(code), 250).unref();
}

/** The dependencies of `parley serve` in a real process: process signals, a process exit. */
export function processServeDeps(io: CliIo = processIo): ServeDeps {
  return { io, signals: process, exit: processExit };
}

function help(topic: string | undefined, io: CliIo): number {
  switch (topic) {
    case undefined:
      io.stdout(overviewHelp(parleyVersion()));
      return 0;
    case 'serve':
      io.stdout(serveHelp());
      return 0;
    case 'admin':
      io.stdout(adminHelp());
      return 0;
    case 'sim':
      io.stdout(simHelp());
      return 0;
    default:
      io.stderr(`parley help: no help for "${topic}"; try serve, admin or sim\n`);
      return 2;
  }
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      if (io === processIo) reserveStdout();
      return runServe(rest, io === processIo ? processServeDeps(io) : { io });
    case 'admin':
      return runAdmin(rest, { io });
    case 'sim':
      return runSim(rest, { io });
    case 'help':
    case '--help':
    case '-h':
      return help(rest[0], io);
    case '--version':
    case '-v':
    case 'version':
      io.stdout(`${parleyVersion()}\n`);
      return 0;
    case undefined:
      io.stderr(overviewHelp(parleyVersion()));
      return 2;
    default: {
      const guess = closest(command, COMMANDS);
      io.stderr(`parley: unknown command "${command}"${guess ? ` (did you mean "parley ${guess}"?)` : ''}\n`
        + 'Run `parley --help` for the commands.\n');
      return 2;
    }
  }
}
