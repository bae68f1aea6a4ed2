// The routes of Parley's HTTPS listeners (the `https` port 8445 and the `notification` port 7443).
// Both listeners share one table: BOSH and WebSocket answer on both ports, as Finesse 12.6 does
// ([contract] --port-https). Handlers are registered by subsystems; the listener glue dispatches.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

export type ListenerName = 'https' | 'notification' | 'livedata';

export interface HttpContext {
  /** Which listener received the request. */
  listener: ListenerName;
  /** Always true today: every listener speaks TLS ([contract]). */
  isSecure: boolean;
  /** The client's address (ip), for per-address limits. */
  remoteAddress: string;
  /** The origin this listener serves, e.g. "https://localhost:7443" (for same-origin checks). */
  ownOrigin: string;
}

export type HttpHandler = (req: IncomingMessage, res: ServerResponse, ctx: HttpContext) => void;
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer, ctx: HttpContext) => void;

export interface HttpRoutes {
  /** Handles every method on these exact paths (the handler answers 405 where it must). */
  route(paths: readonly string[], handler: HttpHandler): void;
  /**
   * Handles every path under `prefix` (which ends with '/', e.g. '/finesse/api/'); exact routes win,
   * then the longest matching prefix. `prefix` without its trailing slash matches too.
   */
  prefix(prefix: string, handler: HttpHandler): void;
  /** Handles `Upgrade:` requests (WebSocket) on these exact paths. */
  upgrade(paths: readonly string[], handler: UpgradeHandler): void;
  /** The handler for a path, if any (used by the listener glue). */
  find(path: string): HttpHandler | undefined;
  findUpgrade(path: string): UpgradeHandler | undefined;
}

export function createHttpRoutes(): HttpRoutes {
  const routes = new Map<string, HttpHandler>();
  const upgrades = new Map<string, UpgradeHandler>();
  const prefixes: { prefix: string; handler: HttpHandler }[] = [];
  return {
    prefix(prefix, handler) {
      if (!prefix.startsWith('/') || !prefix.endsWith('/')) throw new Error(`route prefix must start and end with '/': ${prefix}`);
      prefixes.push({ prefix, handler });
      prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
    },
    route(paths, handler) {
      for (const p of paths) routes.set(p, handler);
    },
    upgrade(paths, handler) {
      for (const p of paths) upgrades.set(p, handler);
    },
    find(path) {
      const exact = routes.get(path);
      if (exact) return exact;
      for (const p of prefixes) {
        if (path.startsWith(p.prefix) || path === p.prefix.slice(0, -1)) return p.handler;
      }
      return undefined;
    },
    findUpgrade: (path) => upgrades.get(path),
  };
}
