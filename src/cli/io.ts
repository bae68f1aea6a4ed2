// Where the CLI writes. Commands take a CliIo so tests capture the text instead of the process streams.
import { readFileSync } from 'node:fs';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIo: CliIo = {
  stdout: (text) => { process.stdout.write(text); },
  stderr: (text) => { process.stderr.write(text); },
};

/** The version of package.json. */
export function parleyVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

/** Ensures text ends with one newline (empty stays empty). */
export const line = (text: string): string => (text === '' || text.endsWith('\n') ? text : `${text}\n`);
