// Parley's finesse.js: the commonly used part of the publicly documented Finesse JavaScript API for
// gadgets running in Parley's container, written from the documentation (never from Cisco's code).
// It defines the globals `finesse` and `gadgets` a Finesse gadget expects; REST goes through the
// container (gadgets.io.makeRequest), events arrive through the container hub (gadgets.Hub).
// Served at /desktop/assets/js/finesse.js and finesse.min.js; docs/gadgets.md describes it.
import { connectionState, onConnection, post, readConfig, readMeta, rest, subscribeTopic, whenReady } from './bridge.js';
import { Dialog, Dialogs, User, restRequest } from './rest-objects.js';
import { getArray } from './xml-object.js';
import type { GadgetConfig, GadgetToContainer } from '../lib/gadget-protocol.js';


const w = window as unknown as Record<string, unknown>;
const config: GadgetConfig | undefined = readConfig();
const meta = readMeta();
const prefs: Record<string, string> = { ...(meta.prefs ?? {}) };

// ---- gadgets.* (the OpenSocial features Finesse gadgets require) --------------------------------
let autoHeight = false;
const measureHeight = (): number => Math.ceil(document.body?.getBoundingClientRect().height ?? 0) + 24;
const onLoadHandlers: (() => void)[] = [];
const hubSubscriptions = new Map<string, () => void>();
let subSeq = 0;

const RequestParameters = { METHOD: 'METHOD', HEADERS: 'HEADERS', POST_DATA: 'POST_DATA', CONTENT_TYPE: 'CONTENT_TYPE', AUTHORIZATION: 'AUTHORIZATION', GET_FULL_HEADERS: 'GET_FULL_HEADERS', REFRESH_INTERVAL: 'REFRESH_INTERVAL' } as const;
const ContentType = { TEXT: 'TEXT', DOM: 'DOM', JSON: 'JSON', FEED: 'FEED' } as const;
const MethodType = { GET: 'GET', POST: 'POST', PUT: 'PUT', DELETE: 'DELETE', HEAD: 'HEAD' } as const;

const gadgets = {
  io: {
    RequestParameters, ContentType, MethodType,
    makeRequest(url: string, callback: (rsp: unknown) => void, params: Record<string, unknown> = {}): void {
      const method = String(params[RequestParameters.METHOD] ?? 'GET').toUpperCase();
      const headers = (params[RequestParameters.HEADERS] ?? {}) as Record<string, string>;
      const body = params[RequestParameters.POST_DATA];
      void rest(method, url, headers, typeof body === 'string' ? body : undefined).then((r) => {
        let data: unknown = r.text;
        const type = params[RequestParameters.CONTENT_TYPE];
        if (type === ContentType.JSON) { try { data = JSON.parse(r.text); } catch { data = undefined; } }
        if (type === ContentType.DOM) data = new DOMParser().parseFromString(r.text, 'application/xml');
        const ok = r.status >= 200 && r.status < 300;
        try { callback({ data, text: r.text, rc: r.status, errors: ok ? [] : [`${r.status} Error`], headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, [v]])) }); } catch (e) { console.error(e); }
      });
    },
    encodeValues(fields: Record<string, string>): string { return Object.entries(fields).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'); },
    getProxyUrl(url: string): string { return url; },
  },
  json: { parse: (s: string) => JSON.parse(s) as unknown, stringify: (v: unknown) => JSON.stringify(v) },
  util: {
    registerOnLoadHandler(fn: () => void): void { onLoadHandlers.push(fn); },
    getUrlParameters(): Record<string, string> { return Object.fromEntries(new URLSearchParams(location.search)); },
    escapeString(s: string): string { return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`); },
    unescapeString(s: string): string { return s.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n))); },
  },
  window: {
    adjustHeight(h?: number): void {
      autoHeight = typeof h !== 'number';
      const px = typeof h === 'number' ? h : measureHeight();
      if (px >= 20) post({ type: 'height', px } as GadgetToContainer);
    },
    setTitle(text: string): void { post({ type: 'title', text: String(text).slice(0, 200) } as GadgetToContainer); },
    getViewportDimensions(): { width: number; height: number } { return { width: innerWidth, height: innerHeight }; },
  },
  Prefs: class {
    getString(name: string): string { return prefs[name] ?? ''; }
    getInt(name: string): number { return parseInt(prefs[name] ?? '0', 10) || 0; }
    getBool(name: string): boolean { return prefs[name] === 'true'; }
    getArray(name: string): string[] { return (prefs[name] ?? '').split('|').filter(Boolean); }
    getLang(): string { return config?.language ?? 'en'; }
    getCountry(): string { return config?.country ?? 'US'; }
    getModuleId(): string { return config?.moduleId ?? meta.moduleId ?? '0'; }
    set(name: string, value: string): void { prefs[name] = String(value); }
  },
  Hub: {
    subscribe(topic: string, callback: (topic: string, data: unknown, subscriberData?: unknown) => void, _scope?: unknown, onComplete?: (id: string, ok: boolean) => void, subscriberData?: unknown): string {
      const id = `sub${++subSeq}`;
      hubSubscriptions.set(id, subscribeTopic(topic, (t, d) => callback(t, d, subscriberData)));
      setTimeout(() => onComplete?.(id, true), 0);
      return id;
    },
    unsubscribe(id: string): void { hubSubscriptions.get(id)?.(); hubSubscriptions.delete(id); },
    publish(topic: string, data: unknown): void { post({ type: 'publish', topic, data } as GadgetToContainer); },
    isConnected(): boolean { return true; },
  },
  HubSettings: { onConnect: undefined as undefined | (() => void), onSecurityAlert: undefined as unknown, params: {} },
  MiniMessage: class {
    createDismissibleMessage(text: string): HTMLElement { const p = document.createElement('p'); p.textContent = text; document.body.prepend(p); return p; }
    createStaticMessage(text: string): HTMLElement { return this.createDismissibleMessage(text); }
    dismissMessage(el: HTMLElement): void { el.remove(); }
  },
};

// ---- finesse.* -----------------------------------------------------------------------------------
const Topics = {
  ACTIVE_CALL_STATUS_EVENT: 'finesse.containerservices.activeCallStatus',
  ACTIVE_TAB: 'finesse.containerservices.activeTab',
  TIMER_TICK_EVENT: 'finesse.containerservices.timerTickEvent',
  GADGET_VIEW_CHANGED_EVENT: 'finesse.containerservices.gadgetViewChangedEvent',
  WORKFLOW_ACTION_EVENT: 'finesse.containerservices.workflowActionEvent',
  RELOAD_GADGET_EVENT: 'finesse.containerservices.reloadGadget',
} as const;

const connectHandlers: (() => void)[] = [];
const disconnectHandlers: (() => void)[] = [];
onConnection((state) => {
  const list = state === 'connected' || state === 'recovered' ? connectHandlers : disconnectHandlers;
  for (const fn of list) { try { fn(); } catch (e) { console.error(e); } }
});

const containerServices = {
  Topics,
  init() { return containerServices; },
  addHandler(topic: string, fn: (data: unknown) => void): void { subscribeTopic(topic, (_t, d) => fn(d)); },
  removeHandler(): void { /* handlers end with the gadget */ },
  makeActiveTab(): void { post({ type: 'activate' } as GadgetToContainer); },
  getMyGadgetId(): string { return config?.moduleId ?? meta.moduleId ?? '0'; },
  showMyGadget(): void { document.body.hidden = false; },
  hideMyGadget(): void { document.body.hidden = true; },
  collapseMyGadget(): void { /* the container does not collapse gadgets */ },
  publish(topic: string, data: unknown): void { gadgets.Hub.publish(topic, data); },
};

const clientLogger = {
  init(_hub?: unknown, id?: string): void { clientLogger.id = id ?? 'gadget'; },
  id: 'gadget',
  log(msg: unknown): void { post({ type: 'log', line: `${clientLogger.id}: ${String(msg).slice(0, 5000)}` } as GadgetToContainer); },
  error(msg: unknown): void { clientLogger.log(`ERROR ${String(msg)}`); },
  debug(msg: unknown): void { clientLogger.log(msg); },
};

const finesse = {
  gadget: { Config: { ...(config ?? {}) } as Record<string, unknown> },
  clientservices: {
    ClientServices: {
      init(_cfg?: unknown): void { /* the container owns the connection */ },
      registerOnConnectHandler(fn: () => void): void { connectHandlers.push(fn); if (connectionState === 'connected') setTimeout(fn, 0); },
      registerOnDisconnectHandler(fn: () => void): void { disconnectHandlers.push(fn); },
      isConnected(): boolean { return connectionState === 'connected'; },
      subscribe(topic: string, handler: (data: unknown) => void): boolean { subscribeTopic(topic, (_t, d) => handler(d)); return true; },
      getNotificationConnectionState(): string { return connectionState; },
    },
  },
  containerservices: { ContainerServices: containerServices },
  restservices: { User, Dialog, Dialogs, restRequest },
  cslogger: { ClientLogger: clientLogger },
  utilities: { Utilities: { getArray, b64Encode: (s: string) => btoa(s), b64Decode: (s: string) => atob(s) } },
  modules: {} as Record<string, unknown>,
};

// Gadgets set gadgets.HubSettings.onConnect; it runs once the container has welcomed the gadget.
function start(): void {
  if (meta.title) post({ type: 'title', text: meta.title } as GadgetToContainer);
  if (meta.height) post({ type: 'height', px: meta.height } as GadgetToContainer);
  // After adjustHeight(), follow the content's size (also when a hidden tab becomes visible).
  if (typeof ResizeObserver === 'function' && document.body) {
    let last = 0;
    new ResizeObserver(() => {
      if (!autoHeight) return;
      const px = measureHeight();
      if (px >= 20 && Math.abs(px - last) > 2) { last = px; post({ type: 'height', px } as GadgetToContainer); }
    }).observe(document.body);
  }
  for (const fn of onLoadHandlers.splice(0)) { try { fn(); } catch (e) { console.error(e); } }
  post({ type: 'hello' } as GadgetToContainer);
  whenReady(() => {
    const cb = gadgets.HubSettings.onConnect;
    if (typeof cb === 'function') { try { cb(); } catch (e) { clientLogger.error((e as Error).message); console.error(e); } }
  });
}
if (!w.finesse) {
  w.gadgets = gadgets;
  w.finesse = finesse;
  window.addEventListener('error', (e) => clientLogger.error(`uncaught: ${e.message}`));
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else setTimeout(start, 0);
}
