// Matches /finesse/api/<segments> against the route table: exact segments, `:name` parameters. Routes
// with the same path are merged (a resource's admin methods live beside its user methods). Pure.
import type { Method, RouteDef, RouteMethod } from './route-types.js';

export interface Match {
  readonly def: RouteDef;
  readonly params: Record<string, string>;
}

export interface RouteTable {
  match(segments: readonly string[]): Match | undefined;
}

export function createRouteTable(defs: readonly RouteDef[]): RouteTable {
  const merged = new Map<string, RouteDef>();
  for (const d of defs) {
    const key = d.path.join('/');
    const prev = merged.get(key);
    if (!prev) { merged.set(key, d); continue; }
    for (const m of Object.keys(d.methods) as Method[]) {
      if (prev.methods[m]) throw new Error(`route ${m} /${key} registered twice`);
    }
    merged.set(key, {
      path: d.path,
      methods: { ...prev.methods, ...d.methods } as Partial<Record<Method, RouteMethod>>,
      ...(prev.whileOutOfService || d.whileOutOfService ? { whileOutOfService: true } : {}),
    });
  }
  const table = [...merged.values()];
  return {
    match(segments) {
      for (const def of table) {
        if (def.path.length !== segments.length) continue;
        const params: Record<string, string> = {};
        let ok = true;
        for (let i = 0; i < def.path.length && ok; i++) {
          const p = def.path[i]!;
          const s = segments[i]!;
          if (p.startsWith(':')) params[p.slice(1)] = s;
          else ok = p === s;
        }
        if (ok) return { def, params };
      }
      return undefined;
    },
  };
}

/**
 * Splits the part of the path after /finesse/api/ into decoded segments; one trailing slash is
 * tolerated. Undefined when a segment is empty or not valid percent-encoding.
 */
export function splitApiPath(rest: string): string[] | undefined {
  const trimmed = rest.endsWith('/') ? rest.slice(0, -1) : rest;
  if (trimmed === '') return [];
  const out: string[] = [];
  for (const raw of trimmed.split('/')) {
    if (raw === '') return undefined;
    try {
      out.push(decodeURIComponent(raw));
    } catch {
      return undefined;
    }
  }
  return out;
}
