// `parley admin <words…>` and `parley sim call …`: clients of the running node's admin socket.
// [contract] "Admin CLI", "Calls in the simulator": `--data` locates the node (default ./data).
import { resolve as resolvePath } from 'node:path';
import { callAdmin } from '../admin/admin-client.js';
import { adminSocketPath } from '../admin/socket-path.js';
import type { Environment } from '../config/env.js';
import { formatIssues } from '../config/issues.js';
import { locateData } from '../config/load.js';
import { closest } from '../shared/suggest.js';
import { adminHelp, simHelp } from './help.js';
import { line, type CliIo } from './io.js';

export interface AdminCliDeps {
  readonly io: CliIo;
  /** Passed to locateData; default: the process's. */
  readonly env?: Environment;
  readonly cwd?: string;
}

/** Exit code when no node runs for the data directory. */
export const EXIT_NOT_RUNNING = 3;
const EXIT_USAGE = 2;
const HELP = new Set(['--help', '-h']);

interface Located {
  readonly data?: string;
  readonly config?: string;
  readonly words: string[];
  readonly error?: string;
}

/** Takes `--data DIR` and `--config FILE` (anywhere) out of the words; they are the client's, not the command's. */
export function takeLocation(argv: readonly string[]): Located {
  const words: string[] = [];
  const found: { data?: string; config?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const m = /^--(data|config)(?:=(.*))?$/s.exec(arg);
    if (!m) {
      words.push(arg);
      continue;
    }
    const name = m[1] as 'data' | 'config';
    const value = m[2] ?? argv[i + 1];
    if (value === undefined || value === '' || (m[2] === undefined && value.startsWith('--'))) {
      return { words, error: `--${name} needs a value: --${name} ${name === 'data' ? 'DIR' : 'FILE'}` };
    }
    if (m[2] === undefined) i++;
    found[name] = value;
  }
  return { ...found, words };
}

/** Sends the words to the node of the located data directory and prints the answer. */
async function send(located: Located, words: readonly string[], deps: AdminCliDeps): Promise<number> {
  const { io } = deps;
  const where = locateData({
    ...(located.data === undefined ? {} : { data: located.data }),
    ...(located.config === undefined ? {} : { config: located.config }),
    ...(deps.env === undefined ? {} : { env: deps.env }),
    ...(deps.cwd === undefined ? {} : { cwd: deps.cwd }),
  });
  if (!where.ok) {
    io.stderr(formatIssues(where.issues, 'parley admin --help'));
    return EXIT_USAGE;
  }
  const socketPath = adminSocketPath(where.data);
  const result = await callAdmin(socketPath, words, { onProgress: (text) => io.stderr(line(text)) });
  if (result.ok) {
    if (result.exitCode === 0) io.stdout(line(result.output));
    else io.stderr(line(result.output));
    return result.exitCode;
  }
  switch (result.reason) {
    case 'not-running':
      io.stderr(`Parley is not running for data directory ${where.data}: start it with \`npx parley serve --data ${where.data}\`\n`);
      return EXIT_NOT_RUNNING;
    case 'permission-denied':
      io.stderr(`parley admin: no permission to use the admin socket ${socketPath}; run it as the user that runs the server\n`);
      return 1;
    default:
      io.stderr(`parley admin: ${result.message}\n`);
      return 1;
  }
}

export async function runAdmin(argv: readonly string[], deps: AdminCliDeps): Promise<number> {
  const located = takeLocation(argv);
  if (located.error) {
    deps.io.stderr(`parley admin: ${located.error}\n`);
    return EXIT_USAGE;
  }
  if (located.words.length === 0) {
    deps.io.stderr(adminHelp());
    return EXIT_USAGE;
  }
  if (located.words.length === 1 && HELP.has(located.words[0] ?? '')) {
    deps.io.stdout(adminHelp());
    return 0;
  }
  return send(located, located.words, deps);
}

const QUEUE = /^\d{1,9}$/;
const ANI = /^\+?\d{1,32}$/;

/** `parley sim call --queue N --ani DIGITS`: checked here, then sent as the admin words `sim call --queue N --ani DIGITS`. */
export async function runSim(argv: readonly string[], deps: AdminCliDeps): Promise<number> {
  const { io } = deps;
  const located = takeLocation(argv);
  if (located.error) {
    io.stderr(`parley sim: ${located.error}\n`);
    return EXIT_USAGE;
  }
  const [sub, ...rest] = located.words;
  if (sub === undefined) {
    io.stderr(simHelp());
    return EXIT_USAGE;
  }
  if (HELP.has(sub) || rest.some((w) => HELP.has(w))) {
    io.stdout(simHelp());
    return 0;
  }
  if (sub === 'hangup') {
    if (rest.length !== 1 || !/^\d{1,10}$/.test(rest[0] ?? '')) {
      io.stderr('parley sim hangup: give the call id, e.g. `parley sim hangup 3`\n');
      return EXIT_USAGE;
    }
    return send(located, ['sim', 'hangup', rest[0] ?? ''], deps);
  }
  if (sub === 'scenario') {
    const [arg, ...more] = rest;
    if (arg === undefined || more.length > 0) {
      io.stderr('parley sim scenario: give a scenario file, or stop, or status: `parley sim scenario demo.json`\n');
      return EXIT_USAGE;
    }
    // The node reads the file: send it an absolute path (relative to where this command runs).
    const word = ['stop', 'status'].includes(arg.toLowerCase()) ? arg.toLowerCase() : resolvePath(deps.cwd ?? process.cwd(), arg);
    return send(located, ['sim', 'scenario', word], deps);
  }
  if (sub !== 'call') {
    const guess = closest(sub, ['call', 'hangup', 'scenario']);
    io.stderr(`parley sim: unknown command "${sub}"${guess ? ` (did you mean "${guess}"?)` : ''}\n${simHelp()}`);
    return EXIT_USAGE;
  }
  const options = new Map<string, string>();
  const others: string[] = [];
  const problems: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const m = /^--(queue|ani|dnis|var)(?:=(.*))?$/s.exec(rest[i] ?? '');
    if (!m) {
      others.push(rest[i] ?? '');
      continue;
    }
    const value = m[2] ?? rest[++i];
    if (value === undefined) problems.push(`--${m[1]} needs a value`);
    else if (m[1] === 'var') others.push('--var', value); // NAME=VALUE, repeatable; checked by the node
    else options.set(m[1] ?? '', value);
  }
  const queue = options.get('queue');
  const ani = options.get('ani');
  if (queue === undefined) problems.push('--queue N is required (the queue id, e.g. 1)');
  else if (!QUEUE.test(queue)) problems.push(`--queue ${queue}: must be a queue id (digits)`);
  if (ani === undefined) problems.push('--ani DIGITS is required (the calling number, e.g. 5551234)');
  else if (!ANI.test(ani)) problems.push(`--ani ${ani}: must be digits, optionally with a leading +`);
  const dnis = options.get('dnis');
  if (dnis !== undefined && !ANI.test(dnis)) problems.push(`--dnis ${dnis}: must be digits`);
  if (problems.length > 0) {
    io.stderr(`parley sim call: ${problems.join('; ')}\nUsage: parley sim call --queue N --ani DIGITS [--dnis DIGITS] [--var NAME=VALUE]… [--data DIR]\n`);
    return EXIT_USAGE;
  }
  return send(located, ['sim', 'call', '--queue', queue ?? '', '--ani', ani ?? '', ...(dnis === undefined ? [] : ['--dnis', dnis]), ...others], deps);
}
