// Messages between the desktop (the gadget container) and a gadget in its sandboxed iframe, sent
// with postMessage. Every message is a plain object with `parley: 1`. Documented in docs/gadgets.md.

/** Prefs the container gives every gadget (finesse.gadget.Config, finesse-api.md §5.5). */
export interface GadgetConfig {
  id: string;
  /** base64("id:password"), as Finesse gives gadgets; REST through the container needs no header. */
  authorization: string;
  extension: string;
  locale: string;
  language: string;
  country: string;
  host: string;
  hostPort: string;
  restHost: string;
  scheme: string;
  localhostFQDN: string;
  localhostPort: string;
  xmppDomain: string;
  pubsubDomain: string;
  clientDriftInMillis: number;
  /** The gadget's module id (__MODULE_ID__). */
  moduleId: string;
  /** The signed-in user's role: Agent or Supervisor. */
  role: string;
}

export type GadgetToContainer =
  | { parley: 1; type: 'hello' }
  | { parley: 1; type: 'rest'; id: string; method: string; url: string; headers?: Record<string, string>; body?: string }
  | { parley: 1; type: 'subscribe'; topic: string }
  | { parley: 1; type: 'unsubscribe'; topic: string }
  | { parley: 1; type: 'publish'; topic: string; data: unknown }
  | { parley: 1; type: 'height'; px: number }
  | { parley: 1; type: 'title'; text: string }
  | { parley: 1; type: 'log'; line: string }
  | { parley: 1; type: 'activate' };

export type ContainerToGadget =
  | { parley: 1; type: 'welcome'; config: GadgetConfig; connection: string }
  | { parley: 1; type: 'rest-result'; id: string; status: number; text: string; headers: Record<string, string> }
  | { parley: 1; type: 'event'; topic: string; data: unknown }
  | { parley: 1; type: 'connection'; state: string };

/** The OpenAjax topic of a Finesse node: '/finesse/api/User/1' → 'finesse.api.User.1' (§5.5). */
export function nodeToTopic(node: string): string {
  return node.replace(/^\//, '').replace(/\//g, '.');
}

export function topicToNode(topic: string): string {
  return `/${topic.replace(/\./g, '/')}`;
}

/** Topics of the container itself (connection info), not Finesse nodes. */
export const CONNECTION_TOPIC = 'finesse.info.connection';

export const MAX_MESSAGE_CHARS = 2_000_000;

/** Validates a message from a gadget; undefined when it is not one of ours or malformed. */
export function readGadgetMessage(data: unknown): GadgetToContainer | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const m = data as Record<string, unknown>;
  if (m.parley !== 1 || typeof m.type !== 'string') return undefined;
  const str = (k: string, max = 4096): boolean => typeof m[k] === 'string' && (m[k] as string).length <= max;
  switch (m.type) {
    case 'hello': case 'activate': return m as GadgetToContainer;
    case 'rest': {
      if (!str('id', 100) || !str('method', 10) || !str('url', 4096)) return undefined;
      if (m.body !== undefined && !str('body', MAX_MESSAGE_CHARS)) return undefined;
      if (m.headers !== undefined && (typeof m.headers !== 'object' || m.headers === null)) return undefined;
      return m as GadgetToContainer;
    }
    case 'subscribe': case 'unsubscribe': return str('topic', 300) ? m as GadgetToContainer : undefined;
    case 'publish': return str('topic', 300) ? m as GadgetToContainer : undefined;
    case 'height': return typeof m.px === 'number' && Number.isFinite(m.px) ? m as GadgetToContainer : undefined;
    case 'title': return str('text', 200) ? m as GadgetToContainer : undefined;
    case 'log': return str('line', 10_000) ? m as GadgetToContainer : undefined;
    default: return undefined;
  }
}

/** Paths a gadget may reach through the container's REST proxy (same server only). */
export function proxyPathAllowed(path: string): boolean {
  if (path.includes('..') || path.includes('\\')) return false;
  return path.startsWith('/finesse/api/') || path.startsWith('/admin/api/cors/');
}
