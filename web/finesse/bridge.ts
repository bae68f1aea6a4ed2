// The gadget side of the container protocol (web/lib/gadget-protocol.ts): the config from the URL
// fragment, REST through the container, hub subscriptions and events, height and title.
import type { ContainerToGadget, GadgetConfig, GadgetToContainer } from '../lib/gadget-protocol.js';

type Listener = (topic: string, data: unknown) => void;

export interface RestReply { status: number; text: string; headers: Record<string, string> }

const pendingRest = new Map<string, (r: RestReply) => void>();
const topicListeners = new Map<string, Set<Listener>>();
const connectionListeners = new Set<(state: string) => void>();
const readyCallbacks: (() => void)[] = [];
let seq = 0;
let welcomed = false;
export let connectionState = 'connecting';

export function readConfig(): GadgetConfig | undefined {
  try {
    const raw = decodeURIComponent(location.hash.slice(1));
    return raw ? JSON.parse(raw) as GadgetConfig : undefined;
  } catch {
    return undefined;
  }
}

export function readMeta(): { title?: string; height?: number | null; moduleId?: string; prefs?: Record<string, string> } {
  try {
    return JSON.parse(document.getElementById('parley-gadget-meta')?.textContent ?? '{}');
  } catch {
    return {};
  }
}

export function post(msg: Omit<GadgetToContainer, 'parley'> & { type: GadgetToContainer['type'] }): void {
  try { window.parent.postMessage({ parley: 1, ...msg }, '*'); } catch { /* no container */ }
}

export function rest(method: string, url: string, headers: Record<string, string>, body: string | undefined): Promise<RestReply> {
  const id = `r${++seq}`;
  return new Promise((resolve) => {
    const timer = setTimeout(() => { pendingRest.delete(id); resolve({ status: 0, text: 'The container did not answer.', headers: {} }); }, 30_000);
    pendingRest.set(id, (r) => { clearTimeout(timer); resolve(r); });
    post({ type: 'rest', id, method, url, headers, ...(body !== undefined ? { body } : {}) } as GadgetToContainer);
  });
}

export function subscribeTopic(topic: string, fn: Listener): () => void {
  let set = topicListeners.get(topic);
  if (!set) {
    topicListeners.set(topic, (set = new Set()));
    post({ type: 'subscribe', topic } as GadgetToContainer);
  }
  set.add(fn);
  return () => {
    set!.delete(fn);
    if (set!.size === 0) { topicListeners.delete(topic); post({ type: 'unsubscribe', topic } as GadgetToContainer); }
  };
}

export function onConnection(fn: (state: string) => void): () => void { connectionListeners.add(fn); return () => connectionListeners.delete(fn); }

/** Runs when the container has welcomed the gadget (or at once if it already has). */
export function whenReady(fn: () => void): void {
  if (welcomed) setTimeout(fn, 0); else readyCallbacks.push(fn);
}

window.addEventListener('message', (e: MessageEvent) => {
  if (e.source !== window.parent) return;
  const m = e.data as ContainerToGadget;
  if (!m || m.parley !== 1) return;
  switch (m.type) {
    case 'welcome':
      connectionState = m.connection;
      if (!welcomed) { welcomed = true; for (const fn of readyCallbacks.splice(0)) { try { fn(); } catch (err) { console.error(err); } } }
      return;
    case 'rest-result': { const p = pendingRest.get(m.id); if (p) { pendingRest.delete(m.id); p(m); } return; }
    case 'event':
      for (const fn of topicListeners.get(m.topic) ?? []) { try { fn(m.topic, m.data); } catch (err) { console.error(err); } }
      return;
    case 'connection':
      connectionState = m.state;
      for (const fn of connectionListeners) { try { fn(m.state); } catch (err) { console.error(err); } }
      return;
  }
});
