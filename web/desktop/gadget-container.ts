// The gadget container: each gadget is an iframe with sandbox="allow-scripts allow-forms
// allow-popups" (no same-origin: a gadget cannot touch the desktop, its storage or its cookies),
// loaded from /desktop/gadget?url=…, talking to the desktop only through postMessage
// (web/lib/gadget-protocol.ts): REST through the container's proxy (the desktop adds the user's
// credentials; only /finesse/api/… and /admin/api/cors/… of this server), Finesse events through the
// container hub, prefs in the URL fragment and in the welcome message. A gadget that throws, never
// loads or floods the hub is contained: its slot says so and the desktop carries on.
import { h } from './dom.js';
import type { DesktopModel } from './model.js';
import { basicAuthorization } from '../lib/rest-client.js';
import {
  CONNECTION_TOPIC, nodeToTopic, proxyPathAllowed, readGadgetMessage, topicToNode,
  type ContainerToGadget, type GadgetConfig, type GadgetToContainer,
} from '../lib/gadget-protocol.js';

/** Messages per second one gadget may send before it is paused. */
const FLOOD_LIMIT = 200;
const FLOOD_PAUSE_MS = 10_000;
/** Explicit (server-side) subscriptions gadgets may ask for (finesse-api.md §5.4). */
const EXPLICIT_NODE = /^\/finesse\/api\/(Team\/[^/]+\/Users|Queue\/[^/]+|User\/[^/]+\/(Queues|ClientLog|Queue\/[^/]+))$/;

interface Mounted {
  frame: HTMLIFrameElement;
  slot: HTMLElement;
  url: string;
  topics: Set<string>;
  untrack: Map<string, () => void>;
  window: number;
  count: number;
  pausedUntil: number;
  title: HTMLElement;
}

export class GadgetContainer {
  readonly #m: DesktopModel;
  readonly #gadgets: Mounted[] = [];
  readonly #offUpdates: () => void;
  readonly #onMessage = (e: MessageEvent): void => this.#receive(e);
  #seq = 0;

  constructor(model: DesktopModel) {
    this.#m = model;
    window.addEventListener('message', this.#onMessage);
    this.#offUpdates = model.session?.onAnyUpdate((node, u) => this.#broadcast(nodeToTopic(node), { node, content: u.raw })) ?? (() => undefined);
  }

  config(moduleId: string): GadgetConfig {
    const s = this.#m.session!;
    const c = s.o.credentials;
    const locale = this.#m.locale === 'es' ? 'es_ES' : 'en_US';
    return {
      id: c.id,
      authorization: basicAuthorization(c).slice(6),
      extension: this.#m.user?.extension || this.#m.extension,
      locale, language: locale.slice(0, 2), country: locale.slice(3),
      host: location.hostname, hostPort: location.port, restHost: location.hostname, scheme: location.protocol.replace(':', ''),
      localhostFQDN: location.hostname, localhostPort: location.port,
      xmppDomain: s.systemInfo?.xmppDomain ?? location.hostname,
      pubsubDomain: s.systemInfo?.pubsubDomain ?? `pubsub.${location.hostname}`,
      clientDriftInMillis: s.driftMs,
      moduleId,
      role: this.#m.isSupervisor ? 'Supervisor' : 'Agent',
    };
  }

  mount(slot: HTMLElement, url: string, id: string): void {
    const moduleId = `${++this.#seq}`;
    const config = this.config(moduleId);
    const title = h('h2', { class: 'gadget-title' }, id || url.slice(url.lastIndexOf('/') + 1));
    const frame = h('iframe', {
      class: 'gadget-frame',
      title: id || url,
      sandbox: 'allow-scripts allow-forms allow-popups',
      referrerpolicy: 'same-origin',
      src: `/desktop/gadget?url=${encodeURIComponent(url)}&mid=${moduleId}#${encodeURIComponent(JSON.stringify(config))}`,
    });
    slot.classList.add('gadget');
    slot.replaceChildren(title, frame);
    this.#gadgets.push({ frame, slot, url, topics: new Set(), untrack: new Map(), window: 0, count: 0, pausedUntil: 0, title });
  }

  destroy(): void {
    window.removeEventListener('message', this.#onMessage);
    this.#offUpdates();
    for (const g of this.#gadgets) for (const u of g.untrack.values()) u();
    this.#gadgets.length = 0;
  }

  visibilityChanged(): void { /* gadgets keep running while hidden, as in Finesse */ }
  userChanged(): void { /* User events reach gadgets through the hub */ }

  connectionChanged(): void {
    const state = this.#m.conn === 'connected' ? 'connected' : this.#m.conn === 'lost' ? 'failing' : this.#m.conn;
    for (const g of this.#gadgets) this.#send(g, { parley: 1, type: 'connection', state });
    this.#broadcast(CONNECTION_TOPIC, { status: state });
  }

  #send(g: Mounted, msg: ContainerToGadget): void {
    try { g.frame.contentWindow?.postMessage(msg, '*'); } catch { /* the gadget is gone */ }
  }

  #broadcast(topic: string, data: unknown, except?: Mounted): void {
    for (const g of this.#gadgets) if (g !== except && g.topics.has(topic)) this.#send(g, { parley: 1, type: 'event', topic, data });
  }

  #receive(e: MessageEvent): void {
    const g = this.#gadgets.find((x) => x.frame.contentWindow === e.source);
    if (!g) return;
    const now = Date.now();
    if (now < g.pausedUntil) return;
    if (now - g.window >= 1000) { g.window = now; g.count = 0; }
    if (++g.count > FLOOD_LIMIT) {
      g.pausedUntil = now + FLOOD_PAUSE_MS;
      this.#m.session?.log.log(`gadget ${g.url} sent more than ${FLOOD_LIMIT} messages in a second; paused for ${FLOOD_PAUSE_MS} ms`);
      g.slot.querySelector('.gadget-warning')?.remove();
      g.slot.insertBefore(h('p', { class: 'notice notice-error gadget-warning', role: 'status' }, this.#m.t('gadget.flood')), g.frame);
      return;
    }
    const msg = readGadgetMessage(e.data);
    if (!msg) return;
    try {
      this.#handle(g, msg);
    } catch (err) {
      this.#m.session?.log.log(`gadget ${g.url}: ${(err as Error).message}`);
    }
  }

  #handle(g: Mounted, msg: GadgetToContainer): void {
    switch (msg.type) {
      case 'hello':
        this.#send(g, { parley: 1, type: 'welcome', config: this.config(String(this.#gadgets.indexOf(g) + 1)), connection: this.#m.conn === 'connected' ? 'connected' : 'failing' });
        return;
      case 'rest': void this.#proxy(g, msg); return;
      case 'subscribe': {
        g.topics.add(msg.topic);
        const node = topicToNode(msg.topic);
        const s = this.#m.session;
        if (s && EXPLICIT_NODE.test(node) && !g.untrack.has(msg.topic)) {
          g.untrack.set(msg.topic, s.track({ node, explicit: true, refresh: () => undefined }));
        }
        return;
      }
      case 'unsubscribe':
        g.topics.delete(msg.topic);
        g.untrack.get(msg.topic)?.();
        g.untrack.delete(msg.topic);
        return;
      case 'publish':
        if (msg.topic.startsWith('finesse.api.')) return; // only the server publishes Finesse events
        this.#broadcast(msg.topic, msg.data, g);
        return;
      case 'height':
        g.frame.style.height = `${Math.max(60, Math.min(4000, Math.round(msg.px)))}px`;
        return;
      case 'title':
        g.title.textContent = msg.text;
        return;
      case 'log':
        this.#m.session?.log.log(`gadget ${g.url}: ${msg.line}`);
        return;
      case 'activate': {
        const panel = g.slot.closest('.tab-panel');
        const id = panel?.id.replace(/^panel-/, '');
        if (id) document.getElementById(`tab-${id}`)?.click();
        return;
      }
    }
  }

  async #proxy(g: Mounted, msg: Extract<GadgetToContainer, { type: 'rest' }>): Promise<void> {
    const reply = (status: number, text: string, headers: Record<string, string> = {}): void =>
      this.#send(g, { parley: 1, type: 'rest-result', id: msg.id, status, text, headers });
    let url: URL;
    try { url = new URL(msg.url, location.origin); } catch { reply(400, 'Bad URL'); return; }
    if (url.hostname !== location.hostname || !proxyPathAllowed(url.pathname)) {
      reply(403, `The container only forwards requests to ${location.hostname} under /finesse/api/ and /admin/api/cors/.`);
      return;
    }
    const method = msg.method.toUpperCase();
    if (!['GET', 'PUT', 'POST', 'DELETE'].includes(method)) { reply(405, 'Method not allowed'); return; }
    const s = this.#m.session;
    if (!s) { reply(503, 'Not signed in'); return; }
    const headers: Record<string, string> = { authorization: basicAuthorization(s.o.credentials) };
    for (const [k, v] of Object.entries(msg.headers ?? {})) {
      const lk = k.toLowerCase();
      if (typeof v === 'string' && ['content-type', 'accept', 'requestid', 'locale'].includes(lk)) headers[lk === 'requestid' ? 'requestId' : lk] = v;
    }
    try {
      const res = await fetch(url.pathname + url.search, { method, headers, ...(msg.body !== undefined && method !== 'GET' ? { body: msg.body } : {}), credentials: 'omit', cache: 'no-store' });
      const text = await res.text();
      const out: Record<string, string> = {};
      res.headers.forEach((v, k) => { if (['content-type', 'requestid'].includes(k)) out[k] = v; });
      reply(res.status, text, out);
    } catch (e) {
      reply(0, `Network error: ${(e as Error).message}`);
    }
  }
}
