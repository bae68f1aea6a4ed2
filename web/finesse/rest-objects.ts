// finesse.restservices.User, Dialogs and Dialog, written from the public documentation of the
// Finesse JavaScript library: options { id, onLoad, onChange, onError, onCollectionAdd,
// onCollectionDelete }, handlers { success, error } whose response is { status, content, object },
// getters over the REST data, and live updates from the container hub (topic = node with / → .).
import { onConnection, rest, subscribeTopic } from './bridge.js';
import { elementToValue, getArray, parseToObject, type XmlObject, type XmlValue } from './xml-object.js';
import { nodeToTopic } from '../lib/gadget-protocol.js';

export interface Handlers { success?: (rsp: RestResponse) => void; error?: (rsp: RestResponse) => void }
export interface RestResponse { status: number; content: string; object: XmlObject | undefined; isUnsent?: boolean }

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }[c]!));
const tag = (n: string, v: unknown): string => (v === undefined || v === null || v === '' ? '' : `<${n}>${esc(String(v))}</${n}>`);
const newRequestId = (): string => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}${Math.random()}`);

export async function restRequest(method: string, url: string, body: string | undefined, handlers: Handlers = {}): Promise<RestResponse> {
  const headers: Record<string, string> = { accept: 'application/xml' };
  if (body !== undefined) headers['content-type'] = 'application/xml';
  if (method !== 'GET') headers.requestId = newRequestId();
  const r = await rest(method, url, headers, body);
  const parsed = parseToObject(r.text);
  const object = parsed ? { [parsed.root]: parsed.value } as XmlObject : undefined;
  const rsp: RestResponse = { status: r.status, content: r.text, object };
  try {
    if (r.status >= 200 && r.status < 300) handlers.success?.(rsp); else handlers.error?.(rsp);
  } catch (e) { console.error(e); }
  return rsp;
}

type Callback = (obj: never) => void;

/** Every live object, re-read when the container's connection recovers (finesse-api.md §5.5). */
const live = new Set<{ refresh(): Promise<void> }>();
let failing = false;
onConnection((state) => {
  if (state === 'failing' || state === 'lost' || state === 'disconnected') failing = true;
  else if (state === 'connected' && failing) {
    failing = false;
    for (const o of live) void o.refresh();
  }
});

abstract class RestBase {
  protected data: XmlObject = {};
  protected readonly handlers = new Map<string, Set<Callback>>();
  protected loaded = false;
  readonly #off: (() => void)[] = [];

  constructor(protected readonly options: Record<string, unknown> = {}) {
    live.add(this);
    for (const [opt, ev] of [['onLoad', 'load'], ['onChange', 'change'], ['onError', 'error'], ['onAdd', 'add'], ['onDelete', 'delete']] as const) {
      const fn = options[opt];
      if (typeof fn === 'function') this.addHandler(ev, fn as Callback);
    }
  }

  abstract getRestUrl(): string;
  abstract getRestType(): string;

  getData(): XmlObject { return this.data; }
  isLoaded(): boolean { return this.loaded; }
  getId(): string { return String(this.data.id ?? this.data.loginId ?? (this.options.id as string | undefined) ?? ''); }

  addHandler(event: string, fn: Callback): void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(fn);
    if (event === 'load' && this.loaded) setTimeout(() => (fn as (o: this) => void)(this), 0);
  }

  removeHandler(event: string, fn: Callback): void { this.handlers.get(event)?.delete(fn); }

  protected fire(event: string, arg: unknown = this): void {
    for (const fn of this.handlers.get(event) ?? []) { try { (fn as (a: unknown) => void)(arg); } catch (e) { console.error(e); } }
  }

  protected listen(node: string, fn: (update: { event: string; source: string; requestId: string; data: Element | undefined; dataName: string }) => void): void {
    this.#off.push(subscribeTopic(nodeToTopic(node), (_t, payload) => {
      const content = (payload as { content?: unknown })?.content;
      if (typeof content !== 'string') return;
      const doc = new DOMParser().parseFromString(content.trim(), 'application/xml');
      const root = doc.documentElement;
      if (!root || root.localName !== 'Update') return;
      const text = (n: string): string => root.getElementsByTagName(n)[0]?.textContent?.trim() ?? '';
      const dataEl = Array.from(root.children).find((c) => c.localName === 'data')?.firstElementChild ?? undefined;
      fn({ event: text('event').toUpperCase(), source: text('source'), requestId: text('requestId'), data: dataEl, dataName: dataEl?.localName ?? '' });
    }));
  }

  /** GET the object again (done by the library after a connection recovers). */
  async refresh(): Promise<void> {
    const rsp = await restRequest('GET', this.getRestUrl(), undefined);
    if (rsp.status !== 200 || !rsp.object) { this.fire('error', rsp); return; }
    const root = rsp.object[this.getRestType()];
    if (!root || typeof root !== 'object' || Array.isArray(root)) { this.fire('error', rsp); return; }
    this.data = root;
    if (!this.loaded) { this.loaded = true; this.fire('load'); } else this.fire('change');
  }

  protected setFromElement(el: Element): void {
    const v = elementToValue(el);
    if (v && typeof v === 'object' && !Array.isArray(v)) this.data = v;
    if (!this.loaded) { this.loaded = true; this.fire('load'); } else this.fire('change');
  }

  dispose(): void { live.delete(this); for (const off of this.#off.splice(0)) off(); }
}

const str = (v: XmlValue | undefined): string => (typeof v === 'string' ? v : '');

export class User extends RestBase {
  static readonly States = {
    LOGIN: 'LOGIN', LOGOUT: 'LOGOUT', NOT_READY: 'NOT_READY', READY: 'READY', RESERVED: 'RESERVED',
    RESERVED_OUTBOUND: 'RESERVED_OUTBOUND', RESERVED_OUTBOUND_PREVIEW: 'RESERVED_OUTBOUND_PREVIEW',
    TALKING: 'TALKING', HOLD: 'HOLD', WORK: 'WORK', WORK_READY: 'WORK_READY', UNKNOWN: 'UNKNOWN',
  } as const;

  readonly #id: string;
  #dialogs: Dialogs | undefined;

  constructor(options: { id: string; onLoad?: (u: User) => void; onChange?: (u: User) => void; onError?: (r: RestResponse) => void }) {
    super(options as unknown as Record<string, unknown>);
    this.#id = options.id;
    this.listen(`/finesse/api/User/${this.#id}`, (u) => {
      if (!u.data || u.dataName.toLowerCase() !== 'user') return;
      this.setFromElement(u.data);
    });
    void this.refresh();
  }

  getRestUrl(): string { return `/finesse/api/User/${encodeURIComponent(this.#id)}`; }
  getRestType(): string { return 'User'; }
  override getId(): string { return this.#id; }
  getFirstName(): string { return str(this.data.firstName); }
  getLastName(): string { return str(this.data.lastName); }
  getFullName(): string { return `${this.getFirstName()} ${this.getLastName()}`.trim(); }
  getLoginName(): string { return str(this.data.loginName); }
  getExtension(): string { return str(this.data.extension); }
  getState(): string { return str(this.data.state); }
  getPendingState(): string { return str(this.data.pendingState); }
  getStateChangeTime(): string { return str(this.data.stateChangeTime); }
  getReasonCodeId(): string | undefined { const v = str(this.data.reasonCodeId); return v === '-1' || v === '' ? undefined : v; }
  getNotReadyReasonCodeId(): string | undefined { return this.getState() === 'NOT_READY' ? this.getReasonCodeId() : undefined; }
  getReasonCode(): XmlObject | undefined { const r = this.data.ReasonCode; return r && typeof r === 'object' && !Array.isArray(r) ? r : undefined; }
  getTeamId(): string { return str(this.data.teamId); }
  getTeamName(): string { return str(this.data.teamName); }
  getRoles(): string[] { const r = this.data.roles; return r && typeof r === 'object' && !Array.isArray(r) ? getArray(r.role as XmlValue).map(str) : []; }
  hasRole(role: string): boolean { return this.getRoles().some((r) => r.toLowerCase() === role.toLowerCase()); }
  isSupervisor(): boolean { return this.hasRole('Supervisor'); }
  isAgent(): boolean { return this.hasRole('Agent'); }
  getSupervisedTeams(): XmlObject[] {
    const t = this.data.teams;
    return t && typeof t === 'object' && !Array.isArray(t) ? getArray(t.Team as XmlValue).filter((x): x is XmlObject => typeof x === 'object' && !Array.isArray(x)) : [];
  }

  setState(state: string, reasonCode?: { id?: string } | string, handlers: Handlers = {}): Promise<RestResponse> {
    const rid = typeof reasonCode === 'string' ? reasonCode : reasonCode?.id;
    return restRequest('PUT', this.getRestUrl(), `<User>${tag('state', state)}${tag('reasonCodeId', rid)}</User>`, handlers);
  }

  getDialogs(options: { onCollectionAdd?: (d: Dialog) => void; onCollectionDelete?: (d: Dialog) => void; onLoad?: (d: Dialogs) => void; onError?: (r: RestResponse) => void } = {}): Dialogs {
    if (!this.#dialogs) this.#dialogs = new Dialogs({ ...options, parentObj: this });
    else {
      if (options.onCollectionAdd) this.#dialogs.addHandler('collectionAdd', options.onCollectionAdd as Callback);
      if (options.onCollectionDelete) this.#dialogs.addHandler('collectionDelete', options.onCollectionDelete as Callback);
      if (options.onLoad) this.#dialogs.addHandler('load', options.onLoad as Callback);
    }
    return this.#dialogs;
  }

  #reasonCodes(category: string, handlers: Handlers): Promise<RestResponse> {
    return restRequest('GET', `${this.getRestUrl()}/ReasonCodes?category=${category}`, undefined, {
      success: (rsp) => {
        const list = rsp.object?.ReasonCodes;
        const items = list && typeof list === 'object' && !Array.isArray(list) ? getArray(list.ReasonCode as XmlValue) : [];
        const codes = items.filter((x): x is XmlObject => typeof x === 'object' && !Array.isArray(x)).map((r) => ({
          ...r, id: str(r.id) || str(r.uri).slice(str(r.uri).lastIndexOf('/') + 1),
        }));
        (handlers.success as unknown as ((c: unknown[]) => void) | undefined)?.(codes);
      },
      ...(handlers.error ? { error: handlers.error } : {}),
    });
  }

  getNotReadyReasonCodes(handlers: Handlers = {}): Promise<RestResponse> { return this.#reasonCodes('NOT_READY', handlers); }
  getSignoutReasonCodes(handlers: Handlers = {}): Promise<RestResponse> { return this.#reasonCodes('LOGOUT', handlers); }
}

export class Dialog extends RestBase {
  static readonly Actions = {
    DROP: 'DROP', ANSWER: 'ANSWER', HOLD: 'HOLD', RETRIEVE: 'RETRIEVE', MAKE_CALL: 'MAKE_CALL', CONSULT_CALL: 'CONSULT_CALL',
    TRANSFER: 'TRANSFER', TRANSFER_SST: 'TRANSFER_SST', CONFERENCE: 'CONFERENCE', UPDATE_CALL_DATA: 'UPDATE_CALL_DATA',
    SEND_DTMF: 'SEND_DTMF', PARTICIPANT_DROP: 'PARTICIPANT_DROP', START_RECORDING: 'START_RECORDING',
  } as const;
  static readonly States = { ALERTING: 'ALERTING', INITIATING: 'INITIATING', INITIATED: 'INITIATED', ACTIVE: 'ACTIVE', DROPPED: 'DROPPED', FAILED: 'FAILED', ACCEPTED: 'ACCEPTED', HELD: 'HELD', WRAP_UP: 'WRAP_UP' } as const;
  static readonly ParticipantStates = Dialog.States;

  constructor(data: XmlObject, options: Record<string, unknown> = {}) {
    super(options);
    live.delete(this); // dialogs are re-read through their collection
    this.data = data;
    this.loaded = true;
  }

  getRestUrl(): string { return `/finesse/api/Dialog/${encodeURIComponent(this.getId())}`; }
  getRestType(): string { return 'Dialog'; }
  override getId(): string { return str(this.data.id) || str(this.data.uri).slice(str(this.data.uri).lastIndexOf('/') + 1); }
  getState(): string { return str(this.data.state); }
  getFromAddress(): string { return str(this.data.fromAddress); }
  getToAddress(): string { return str(this.data.toAddress); }
  getMediaType(): string { return str(this.data.mediaType); }
  getAssociatedDialogUri(): string { return str(this.data.associatedDialogUri); }

  /** Scalar media properties and every call variable, flattened into one map. */
  getMediaProperties(): Record<string, string> {
    const out: Record<string, string> = {};
    const mp = this.data.mediaProperties;
    if (!mp || typeof mp !== 'object' || Array.isArray(mp)) return out;
    for (const [k, v] of Object.entries(mp)) if (typeof v === 'string') out[k] = v;
    const cv = mp.callvariables;
    if (cv && typeof cv === 'object' && !Array.isArray(cv)) {
      for (const v of getArray(cv.CallVariable as XmlValue)) if (v && typeof v === 'object' && !Array.isArray(v)) out[str(v.name)] = str(v.value);
    }
    return out;
  }

  getParticipants(): XmlObject[] {
    const p = this.data.participants;
    return p && typeof p === 'object' && !Array.isArray(p) ? getArray(p.Participant as XmlValue).filter((x): x is XmlObject => typeof x === 'object' && !Array.isArray(x)) : [];
  }

  getParticipantState(mediaAddress: string): string {
    return str(this.getParticipants().find((p) => str(p.mediaAddress) === mediaAddress)?.state);
  }

  requestAction(mediaAddress: string, action: string, handlers: Handlers = {}): Promise<RestResponse> {
    return restRequest('PUT', this.getRestUrl(), `<Dialog>${tag('targetMediaAddress', mediaAddress)}${tag('requestedAction', action)}</Dialog>`, handlers);
  }

  updateCallVariables(vars: Record<string, string>, handlers: Handlers = {}): Promise<RestResponse> {
    const cv = Object.entries(vars).map(([n, v]) => `<CallVariable>${tag('name', n)}<value>${esc(v)}</value></CallVariable>`).join('');
    return restRequest('PUT', this.getRestUrl(), `<Dialog>${tag('requestedAction', 'UPDATE_CALL_DATA')}<mediaProperties><callvariables>${cv}</callvariables></mediaProperties></Dialog>`, handlers);
  }

  updateWrapUpReason(reason: string, handlers: Handlers = {}): Promise<RestResponse> {
    return restRequest('PUT', this.getRestUrl(), `<Dialog>${tag('requestedAction', 'UPDATE_CALL_DATA')}<mediaProperties>${tag('wrapUpReason', reason)}</mediaProperties></Dialog>`, handlers);
  }

  /** @internal the collection hands over new data. */
  update(data: XmlObject): void { this.data = data; this.fire('change'); }
}

export class Dialogs extends RestBase {
  readonly #user: User;
  readonly #items = new Map<string, Dialog>();

  constructor(options: { parentObj: User; onCollectionAdd?: (d: Dialog) => void; onCollectionDelete?: (d: Dialog) => void; onLoad?: (d: Dialogs) => void; onError?: (r: RestResponse) => void }) {
    super(options as unknown as Record<string, unknown>);
    this.#user = options.parentObj;
    if (options.onCollectionAdd) this.addHandler('collectionAdd', options.onCollectionAdd as Callback);
    if (options.onCollectionDelete) this.addHandler('collectionDelete', options.onCollectionDelete as Callback);
    const node = `/finesse/api/User/${this.#user.getId()}/Dialogs`;
    this.listen(node, (u) => {
      if (!u.data) return;
      const name = u.dataName.toLowerCase();
      if (name === 'dialogs') {
        for (const el of Array.from(u.data.children).filter((c) => c.localName === 'Dialog')) {
          const v = elementToValue(el) as XmlObject;
          const id = str(v.id);
          if (u.event === 'DELETE') {
            const d = this.#items.get(id) ?? new Dialog(v);
            this.#items.delete(id);
            this.fire('collectionDelete', d);
          } else if (this.#items.has(id)) this.#items.get(id)!.update(v);
          else { const d = new Dialog(v); this.#items.set(id, d); this.fire('collectionAdd', d); }
        }
      } else if (name === 'dialog') {
        const v = elementToValue(u.data) as XmlObject;
        const d = this.#items.get(str(v.id));
        if (d && this.#userLeft(v)) { this.#items.delete(d.getId()); d.update(v); this.fire('collectionDelete', d); }
        else if (d) d.update(v);
        else if (!this.#userLeft(v)) { const nd = new Dialog(v); this.#items.set(nd.getId(), nd); this.fire('collectionAdd', nd); }
      }
    });
    void this.refresh();
  }

  getRestUrl(): string { return `/finesse/api/User/${encodeURIComponent(this.#user.getId())}/Dialogs`; }

  /** The user's own leg has dropped (transferred away, left a conference): the call is no longer theirs. */
  #userLeft(v: XmlObject): boolean {
    const ext = this.#user.getExtension();
    if (!ext) return false;
    const p = v.participants;
    const legs = p && typeof p === 'object' && !Array.isArray(p) ? getArray(p.Participant as XmlValue) : [];
    const mine = legs.find((l) => typeof l === 'object' && !Array.isArray(l) && str((l as XmlObject).mediaAddress) === ext) as XmlObject | undefined;
    return mine !== undefined && str(mine.state) === 'DROPPED';
  }
  getRestType(): string { return 'Dialogs'; }

  override async refresh(): Promise<void> {
    const rsp = await restRequest('GET', this.getRestUrl(), undefined);
    const root = rsp.object?.Dialogs;
    if (rsp.status !== 200) { this.fire('error', rsp); return; }
    const seen = new Set<string>();
    const items = root && typeof root === 'object' && !Array.isArray(root) ? getArray(root.Dialog as XmlValue) : [];
    for (const v of items) {
      if (!v || typeof v !== 'object' || Array.isArray(v)) continue;
      const d = this.#items.get(str(v.id));
      if (d) d.update(v);
      else { const nd = new Dialog(v); this.#items.set(nd.getId(), nd); if (this.loaded) this.fire('collectionAdd', nd); }
      seen.add(str(v.id));
    }
    for (const [id, d] of this.#items) if (!seen.has(id)) { this.#items.delete(id); this.fire('collectionDelete', d); }
    if (!this.loaded) { this.loaded = true; this.fire('load'); }
  }

  getCollection(): Record<string, Dialog> { return Object.fromEntries(this.#items); }

  createNewCallDialog(toAddress: string, fromAddress: string, handlers: Handlers = {}): Promise<RestResponse> {
    return restRequest('POST', this.getRestUrl(), `<Dialog>${tag('requestedAction', 'MAKE_CALL')}${tag('fromAddress', fromAddress)}${tag('toAddress', toAddress)}</Dialog>`, handlers);
  }
}
