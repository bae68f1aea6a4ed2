// CORS allow-lists and switches per service in memory.
import type { CorsService, CorsStore } from '../stores.js';

export function createMemoryCorsStore(): CorsStore {
  const enabled = new Set<CorsService>();
  const lists = new Map<CorsService, string[]>();
  const list = (service: CorsService): string[] => {
    let l = lists.get(service);
    if (!l) lists.set(service, (l = []));
    return l;
  };
  return {
    isEnabled: (service) => enabled.has(service),
    setEnabled(service, on) {
      if (on) enabled.add(service);
      else enabled.delete(service);
    },
    origins: (service) => [...list(service)],
    hasOrigin: (service, origin) => list(service).includes(origin),
    addOrigin(service, origin) {
      const l = list(service);
      if (l.includes(origin)) return false;
      l.push(origin);
      return true;
    },
    removeOrigin(service, origin) {
      const l = list(service);
      const i = l.indexOf(origin);
      if (i < 0) return false;
      l.splice(i, 1);
      return true;
    },
  };
}
