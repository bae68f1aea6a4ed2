// The last N items of each node, in memory. Items are not persisted: Finesse events describe current
// state and are re-published on every change, so a restart loses nothing a client needs.

export interface StoredItem<P> {
  id: string;
  payload: P;
  publishedAt: number;
  /** Bare JID of the publisher ('' for the internal API). */
  publisher: string;
}

export interface ItemCache<P> {
  /** Stores the item as the newest of its node (an existing id is overwritten and becomes the newest), keeping at most `max`. */
  put(node: string, item: StoredItem<P>, max: number): void;
  /** The node's items, oldest first; with `max`, only the newest `max`. */
  list(node: string, max?: number): StoredItem<P>[];
  get(node: string, id: string): StoredItem<P> | undefined;
  latest(node: string): StoredItem<P> | undefined;
  clear(node: string): void;
  /** Drops the items of every node whose name matches. */
  clearWhere(matches: (node: string) => boolean): void;
  /** Number of items of the node. */
  size(node: string): number;
}

export function createItemCache<P>(): ItemCache<P> {
  const nodes = new Map<string, Map<string, StoredItem<P>>>();
  return {
    put(node, item, max) {
      let items = nodes.get(node);
      if (!items) nodes.set(node, (items = new Map()));
      items.delete(item.id);
      items.set(item.id, item);
      // A Map iterates in insertion order, so the oldest items come first.
      for (const id of items.keys()) {
        if (items.size <= max) break;
        items.delete(id);
      }
      if (items.size === 0) nodes.delete(node);
    },
    list(node, max) {
      const all = [...(nodes.get(node)?.values() ?? [])];
      return max === undefined ? all : all.slice(Math.max(0, all.length - max));
    },
    get: (node, id) => nodes.get(node)?.get(id),
    latest(node) {
      const items = nodes.get(node);
      if (!items) return undefined;
      let last: StoredItem<P> | undefined;
      for (const item of items.values()) last = item;
      return last;
    },
    clear(node) {
      nodes.delete(node);
    },
    clearWhere(matches) {
      for (const node of nodes.keys()) if (matches(node)) nodes.delete(node);
    },
    size: (node) => nodes.get(node)?.size ?? 0,
  };
}
