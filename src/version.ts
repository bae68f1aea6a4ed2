// The version printed by `parley --version`, disco and `show status`: package.json's.
import { readFileSync } from 'node:fs';

export const PARLEY_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
