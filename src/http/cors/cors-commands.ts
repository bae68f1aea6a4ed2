// The CORS words of the admin CLI, in the product document's wording ([pki-cors] §0.12; docs/cors.md):
// `utils cuic|finesse|notification cors status|enable|disable`, `… allowed_origin list|add|delete`,
// `show cors`, `utils cors quickcheck`. `cuic` is CUIC/Live Data: the `livedata` list.
import type { AdminCommandTable, AdminHandler, AdminResult } from '../../admin/commands.js';
import type { CorsService } from '../../storage/stores.js';
import { CORS_SERVICES } from '../../storage/stores.js';
import { SERVICE_TITLES, type CorsLists } from './cors-lists.js';
import type { CorsAnswerSettings } from './cors-rules.js';
import { formatQuickCheck } from './quickcheck/format.js';
import type { QuickChecker } from './cors-quickcheck-service.js';
import { CLI_PREFIX } from './quickcheck/targets.js';

export interface CorsCommandDeps {
  readonly lists: CorsLists;
  readonly settings: CorsAnswerSettings;
  readonly maxOriginsPerService: number;
  readonly quickcheck: QuickChecker;
}

const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
const done = (output: string, exitCode = 0): AdminResult => ({ exitCode, output: output.endsWith('\n') ? output : `${output}\n` });

/** The Cisco list format: `cors_allowedorigins`, a line of `=`, numbered entries. */
export function formatOriginList(origins: readonly string[]): string {
  return ['cors_allowedorigins', '===========================', ...origins.map((o, i) => `${i + 1}. ${o}`)].join('\n');
}

export function corsCommands(deps: CorsCommandDeps): AdminCommandTable {
  const { lists } = deps;
  const table: Record<string, { handler: AdminHandler; summary: string; usage?: string }> = {};

  for (const service of CORS_SERVICES) {
    const p = CLI_PREFIX[service];
    const title = SERVICE_TITLES[service];
    const noArgs = (words: string, args: string[]): AdminResult | undefined =>
      args.length === 0 ? undefined : done(`${words} takes no arguments (got: ${args.join(' ').slice(0, 200)}).`, EXIT_USAGE);

    table[`${p} status`] = {
      summary: `whether CORS is enabled for ${title}`,
      handler: async (args) => noArgs(`${p} status`, args) ?? statusOf(service),
    };
    for (const on of [true, false]) {
      table[`${p} ${on ? 'enable' : 'disable'}`] = {
        summary: `${on ? 'enable' : 'disable'} CORS for ${title}`,
        handler: async (args) => {
          const bad = noArgs(`${p} ${on ? 'enable' : 'disable'}`, args);
          if (bad) return bad;
          const { changed } = lists.setEnabled(service, on);
          const state = on ? 'enabled' : 'disabled';
          return done([
            changed ? `CORS is now ${state} for ${title}.` : `CORS was already ${state} for ${title}; nothing changed.`,
            ...(on && lists.status(service).origins.length === 0 ? [`The list is empty: add origins with ${p} allowed_origin add <origin>.`] : []),
            ...(changed ? [lists.cacheReminder()] : []),
          ].join('\n'));
        },
      };
    }
    table[`${p} allowed_origin list`] = {
      summary: `the allowed origins of ${title}`,
      handler: async (args) => noArgs(`${p} allowed_origin list`, args) ?? done(formatOriginList(lists.status(service).origins)),
    };
    table[`${p} allowed_origin add`] = {
      summary: `add an allowed origin to ${title}, e.g. https://finesse.example.com:8445`,
      usage: `${p} allowed_origin add <origin>   e.g. ${p} allowed_origin add https://finesse.example.com:8445`,
      handler: async (args) => {
        if (args.length !== 1) return done(`Usage: ${p} allowed_origin add <origin> (exactly one origin, e.g. https://finesse.example.com:8445).`, EXIT_USAGE);
        const r = lists.add(service, [args[0]!]);
        if (!r.ok) return done(`${r.text ?? r.error}`, r.error === 'invalid' ? EXIT_USAGE : EXIT_FAILED);
        const enabled = lists.status(service).enabled;
        return done([
          `Added ${r.value.origins[0]} to the allowed origins of ${title}.`,
          ...r.value.notes.map((n) => `Note: ${n}`),
          ...(enabled ? [] : [`CORS is disabled for ${title}: the origin takes effect after ${p} enable.`]),
          lists.cacheReminder(),
        ].join('\n'));
      },
    };
    table[`${p} allowed_origin delete`] = {
      summary: `delete an allowed origin of ${title}`,
      usage: `${p} allowed_origin delete <origin>`,
      handler: async (args) => {
        if (args.length !== 1) return done(`Usage: ${p} allowed_origin delete <origin> (exactly one origin).`, EXIT_USAGE);
        const r = lists.remove(service, args[0]!);
        if (!r.ok) return done(`${r.text ?? r.error}`, r.error === 'invalid' ? EXIT_USAGE : EXIT_FAILED);
        return done([`Deleted ${r.value.origins[0]} from the allowed origins of ${title}.`, lists.cacheReminder()].join('\n'));
      },
    };
  }

  function statusOf(service: CorsService): AdminResult {
    const s = lists.status(service);
    return done([
      `CORS is ${s.enabled ? 'enabled' : 'disabled'} for ${SERVICE_TITLES[service]}.`,
      `Allowed origins: ${s.origins.length} (${CLI_PREFIX[service]} allowed_origin list).`,
    ].join('\n'));
  }

  table['show cors'] = {
    summary: 'CORS of every service: state, allowed origins, answer settings',
    handler: async () => {
      const lines = [
        `Preflight answers: access-control-max-age ${deps.settings.maxAgeS} s, Private Network Access ${deps.settings.allowPrivateNetwork ? 'answered' : 'not answered'}, at most ${deps.maxOriginsPerService} origins per service.`,
        `Allowed methods: ${deps.settings.allowMethods.join(',')}`,
        `Allowed headers: ${deps.settings.allowHeaders.join(',')}`,
        '',
      ];
      for (const service of CORS_SERVICES) {
        const s = lists.status(service);
        lines.push(`${service.padEnd(13)}${s.enabled ? 'enabled ' : 'disabled'}  ${s.origins.length} origin(s)  (${CLI_PREFIX[service]} …)`);
        for (const o of s.origins.slice(0, 20)) lines.push(`${''.padEnd(13)}- ${o}`);
        if (s.origins.length > 20) lines.push(`${''.padEnd(13)}… and ${s.origins.length - 20} more`);
      }
      return done(lines.join('\n'));
    },
  };

  table['utils cors quickcheck'] = {
    summary: 'send a preflight and the request as a browser would, and explain the CORS outcome',
    usage: [
      'utils cors quickcheck <url | finesse | notification | livedata | cuic> [--origin O] [--method M] [--header H]… [--credentials include|same-origin|omit] [--host FQDN] [--port N] [--timeout MS] [--json]',
      '  e.g. utils cors quickcheck livedata --origin https://finesse.example.com:8445',
      '       utils cors quickcheck https://cuic.example.com/cuic/ --method OPTIONS --header Authorization',
    ].join('\n'),
    handler: async (args) => {
      const parsed = parseQuickCheckArgs(args);
      if (typeof parsed === 'string') return done(`${parsed}\nUsage: utils cors quickcheck <url|service> [--origin O] [--method M] [--header H]… [--credentials include|omit]`, EXIT_USAGE);
      const r = await deps.quickcheck.run(parsed.input);
      if (!r.ok) return done(r.text ?? r.error, EXIT_USAGE);
      const text = parsed.json ? JSON.stringify(r.value, null, 2) : formatQuickCheck(r.value);
      return done(text, r.value.verdict === 'fail' ? EXIT_FAILED : 0);
    },
  };

  return table;
}

/** `<target> --origin O --method M --header H… --credentials C --host H --port N --timeout MS --json`. */
export function parseQuickCheckArgs(args: readonly string[]): { input: Record<string, unknown>; json: boolean } | string {
  const input: Record<string, unknown> = {};
  const headers: string[] = [];
  let json = false;
  let target: string | undefined;
  const names: Record<string, string> = { '--origin': 'origin', '--method': 'method', '--credentials': 'credentials', '--host': 'host', '--port': 'port', '--timeout': 'timeoutMs' };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--json') { json = true; continue; }
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if (flag === '--header' || names[flag]) {
      const value = eq > 0 && a.startsWith('--') ? a.slice(eq + 1) : args[++i];
      if (value === undefined) return `${flag} needs a value.`;
      if (flag === '--header') headers.push(value);
      else if (flag === '--timeout') input.timeoutMs = /^\d+$/.test(value) ? Number(value) : value;
      else input[names[flag]!] = value;
      continue;
    }
    if (a.startsWith('--')) return `Unknown option ${a.slice(0, 50)}.`;
    if (target !== undefined) return `One target only (got ${target} and ${a.slice(0, 100)}).`;
    target = a;
  }
  if (target === undefined) return 'Give the URL to check, or a service: finesse, notification, livedata (cuic).';
  if (/^[a-z]+$/i.test(target)) input.service = target;
  else input.url = target;
  if (headers.length > 0) input.headers = headers;
  return { input, json };
}
