#!/usr/bin/env node
// Entry point of the `parley` command. Parley runs its TypeScript sources through tsx,
// so a fresh clone needs no build step: `npm install && npm start`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
