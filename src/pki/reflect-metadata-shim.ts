// Minimal Reflect metadata registry, installed only when no polyfill is present.
//
// COMPAT: @peculiar/x509 v2 loads tsyringe, which throws at import time ("tsyringe requires a reflect
// polyfill") unless `Reflect.getMetadata` exists ([pki-cors] §2.5 gotcha 1; PeculiarVentures/x509#57).
// The usual answer is `import "reflect-metadata"` at the entry point, but that package is not a
// dependency here, and tsyringe only needs three functions: getMetadata (inherited), getOwnMetadata and
// defineMetadata (see tsyringe dist/*/reflection-helpers.js). x509's algorithm classes have no
// constructor parameters, so the registry stays nearly empty. Remove this file if reflect-metadata is
// ever added to package.json: it installs itself over these functions anyway.
type Key = unknown;
type Target = object;

interface MetadataReflect {
  getMetadata?: (key: Key, target: Target, prop?: PropertyKey) => unknown;
  getOwnMetadata?: (key: Key, target: Target, prop?: PropertyKey) => unknown;
  defineMetadata?: (key: Key, value: unknown, target: Target, prop?: PropertyKey) => void;
  hasOwnMetadata?: (key: Key, target: Target, prop?: PropertyKey) => boolean;
  metadata?: (key: Key, value: unknown) => (target: Target, prop?: PropertyKey) => void;
}

const registry = new WeakMap<Target, Map<PropertyKey | undefined, Map<Key, unknown>>>();

function table(target: Target, prop: PropertyKey | undefined, create: boolean): Map<Key, unknown> | undefined {
  let byProp = registry.get(target);
  if (!byProp) {
    if (!create) return undefined;
    byProp = new Map();
    registry.set(target, byProp);
  }
  let entries = byProp.get(prop);
  if (!entries && create) {
    entries = new Map();
    byProp.set(prop, entries);
  }
  return entries;
}

const r = Reflect as unknown as MetadataReflect;
if (typeof r.getMetadata !== 'function') {
  r.defineMetadata = (key, value, target, prop) => void table(target, prop, true)!.set(key, value);
  r.hasOwnMetadata = (key, target, prop) => table(target, prop, false)?.has(key) ?? false;
  r.getOwnMetadata = (key, target, prop) => table(target, prop, false)?.get(key);
  r.getMetadata = (key, target, prop) => {
    // Walks the prototype chain like reflect-metadata's OrdinaryGetMetadata.
    for (let t: Target | null = target; t !== null; t = Object.getPrototypeOf(t) as Target | null) {
      const entries = table(t, prop, false);
      if (entries?.has(key)) return entries.get(key);
    }
    return undefined;
  };
  r.metadata = (key, value) => (target, prop) => r.defineMetadata!(key, value, target, prop);
}

export {};
