// Administration of the per-service allow-lists (CLI and admin API share it): enable/disable, list, add
// and delete with validated input, a size limit, and messages a person can act on. A refused change
// leaves the list as it was. Changes are in the store at once, so the next request sees them.
import type { CorsService, CorsStore } from '../../storage/stores.js';
import { err, ok, type Result } from '../../shared/result.js';
import { parseOriginInput, type ParsedOrigin } from './origin-input.js';

/** Service names as the CLI and API accept them: `cuic` is CUIC/Live Data in the product document. */
export const SERVICE_ALIASES: Readonly<Record<string, CorsService>> = {
  finesse: 'finesse', notification: 'notification', livedata: 'livedata', cuic: 'livedata',
};

export const SERVICE_TITLES: Readonly<Record<CorsService, string>> = {
  finesse: 'the Finesse REST API and desktop',
  notification: 'the notification service (BOSH and WebSocket)',
  livedata: 'Live Data',
};

export function serviceNamed(name: string | undefined): CorsService | undefined {
  return name === undefined ? undefined : SERVICE_ALIASES[name.toLowerCase()];
}

export interface CorsListsOptions {
  readonly maxOriginsPerService: number;
  readonly maxAgeS: number;
  /** Told every change, one line (the server log keeps an audit trail). */
  readonly onChange?: (line: string) => void;
}

export type ListChangeError = 'invalid' | 'duplicate' | 'absent' | 'full';

export interface ListChange {
  readonly service: CorsService;
  readonly origins: readonly string[];
  readonly notes: readonly string[];
}

export interface CorsLists {
  status(service: CorsService): { enabled: boolean; origins: string[] };
  setEnabled(service: CorsService, enabled: boolean): { changed: boolean };
  /** Adds every origin or none (a batch from the API is all or nothing). */
  add(service: CorsService, inputs: readonly string[]): Result<ListChange, ListChangeError>;
  remove(service: CorsService, input: string): Result<ListChange, ListChangeError>;
  /** "Browsers may cache …": appended to every change's output. */
  cacheReminder(): string;
}

export function createCorsLists(store: CorsStore, opts: CorsListsOptions): CorsLists {
  const parseAll = (inputs: readonly string[]): Result<ParsedOrigin[], ListChangeError> => {
    const parsed: ParsedOrigin[] = [];
    for (const input of inputs) {
      const p = parseOriginInput(input);
      if (!p.ok) return err('invalid', inputs.length > 1 ? `Entry ${parsed.length + 1}: ${p.text}` : p.text);
      parsed.push(p.value);
    }
    return ok(parsed);
  };

  return {
    status: (service) => ({ enabled: store.isEnabled(service), origins: store.origins(service) }),

    setEnabled(service, enabled) {
      const was = store.isEnabled(service);
      store.setEnabled(service, enabled);
      if (was !== enabled) opts.onChange?.(`CORS ${enabled ? 'enabled' : 'disabled'} for ${service}`);
      return { changed: was !== enabled };
    },

    add(service, inputs) {
      if (inputs.length === 0) return err('invalid', 'Give at least one origin, e.g. https://finesse.example.com:8445.');
      const parsed = parseAll(inputs);
      if (!parsed.ok) return parsed;
      const seen = new Set<string>();
      for (const p of parsed.value) {
        if (seen.has(p.origin)) return err('duplicate', `${p.origin} is given twice; nothing changed.`);
        seen.add(p.origin);
        if (store.hasOrigin(service, p.origin)) {
          return err('duplicate', `${p.origin} is already in the ${service} allowed origins; nothing changed.`);
        }
      }
      const count = store.origins(service).length;
      if (count + seen.size > opts.maxOriginsPerService) {
        return err('full', `The ${service} list would hold ${count + seen.size} origins; the limit is ${opts.maxOriginsPerService} (setting cors.maxOriginsPerService). Nothing changed.`);
      }
      for (const p of parsed.value) store.addOrigin(service, p.origin);
      opts.onChange?.(parsed.value.length === 1
        ? `CORS allowed origin added to ${service}: ${parsed.value[0]!.origin}`
        : `CORS allowed origins added to ${service}: ${parsed.value.length} (first ${parsed.value[0]!.origin})`);
      return ok({ service, origins: parsed.value.map((p) => p.origin), notes: parsed.value.flatMap((p) => p.notes) });
    },

    remove(service, input) {
      const p = parseOriginInput(input);
      if (!p.ok) return err('invalid', p.text);
      if (!store.removeOrigin(service, p.value.origin)) {
        const close = closeEntry(store.origins(service), p.value.origin);
        const hint = close ? ` The list has ${close}.` : '';
        return err('absent', `${p.value.origin} is not in the ${service} allowed origins; nothing changed.${hint}`);
      }
      opts.onChange?.(`CORS allowed origin deleted from ${service}: ${p.value.origin}`);
      return ok({ service, origins: [p.value.origin], notes: p.value.notes.filter((n) => !n.startsWith('No port')) });
    },

    cacheReminder: () => `Browsers may cache a preflight answer for up to ${opts.maxAgeS} seconds (access-control-max-age); a running browser can take that long to see this change (a hard reload or a new browser session sees it at once).`,
  };
}

/** An entry with the same scheme and host (another port or none), to explain a near miss. */
function closeEntry(list: readonly string[], origin: string): string | undefined {
  const hostOf = (o: string): string => {
    try {
      const u = new URL(o);
      return `${u.protocol}//${u.hostname}`;
    } catch {
      return o;
    }
  };
  const target = hostOf(origin);
  return list.find((o) => hostOf(o) === target);
}

