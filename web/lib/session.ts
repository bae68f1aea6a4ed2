// FinesseSession: one signed-in user's connection to Parley (or Finesse) — REST + notification
// events over WebSocket — with the failure handling of finesse-api.md §5.6: XMPP pings every
// 10–20 s, "lost" when they go unanswered or the socket closes, reconnect with backoff, trying the
// alternate node named by SystemInfo, SystemInfo read every minute (drift and latency logged), and on
// recovery every explicit subscription renewed and every tracked object re-read.
import { RestClient, describeRestError, type Credentials, type FetchLike, type RestResult } from './rest-client.js';
import { XmppClient, type Timers, type WsFactory, type XmppStatus } from './xmpp/xmpp-client.js';
import { alternateHost, parseSystemInfo, type SystemInfo } from './finesse-objects.js';
import { parseUpdate, type Update } from './update.js';
import { backoffDelay, driftLine, measureDrift, DEFAULT_BACKOFF, type BackoffPolicy } from './timing.js';
import { ClientLog } from './client-log.js';
import type { XmlParser } from './xml.js';

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'lost' | 'conflict' | 'stopped';

export interface SessionTuning {
  pingIntervalMs: number;
  pingTimeoutMs: number;
  pingMaxFailures: number;
  systemInfoIntervalMs: number;
  backoff: BackoffPolicy;
}

export const DEFAULT_TUNING: SessionTuning = {
  pingIntervalMs: 15_000,
  pingTimeoutMs: 10_000,
  pingMaxFailures: 2,
  systemInfoIntervalMs: 60_000,
  backoff: DEFAULT_BACKOFF,
};

export interface SessionOptions {
  credentials: Credentials;
  /** The page's location: where REST and /ws are first tried. */
  page: { protocol: string; hostname: string; port: string };
  fetch: FetchLike;
  parser: XmlParser;
  ws: WsFactory;
  timers: Timers;
  now: () => number;
  random: () => number;
  newRequestId: () => string;
  clientOffsetMinutes: () => number;
  tuning?: Partial<SessionTuning>;
  /** XMPP resource; "desktop" is the Finesse desktop's (finesse-api.md §5.1). */
  resource?: string;
  locale?: string;
}

export interface Tracked {
  /** Pubsub node; explicit nodes get a XEP-0060 subscription (finesse-api.md §5.4). */
  node?: string;
  explicit?: boolean;
  /** Re-reads the object over REST (called on recovery). */
  refresh(): Promise<void> | void;
}

export type StartOutcome =
  | { ok: true }
  | { ok: false; reason: 'unauthorized' | 'rest' | 'notification' | 'conflict'; detail: string; rest?: RestResult<unknown> };

export class FinesseSession {
  readonly o: SessionOptions;
  readonly tuning: SessionTuning;
  readonly rest: RestClient;
  readonly log: ClientLog;
  systemInfo: SystemInfo | undefined;
  driftMs = 0;
  state: ConnectionState = 'idle';
  /** The FQDN the banner names: the node whose notification connection was lost. */
  currentHost: string;
  #xmpp: XmppClient | undefined;
  #tracked = new Set<Tracked>();
  #nodeHandlers = new Map<string, Set<(u: Update) => void>>();
  #anyHandlers = new Set<(node: string, u: Update) => void>();
  #stateListeners = new Set<(s: ConnectionState, reason: string) => void>();
  #attempt = 0;
  #retryTimer: unknown;
  #infoTimer: unknown;
  #everConnected = false;
  #firstConnect: ((o: StartOutcome) => void) | undefined;

  constructor(o: SessionOptions) {
    this.o = o;
    this.tuning = { ...DEFAULT_TUNING, ...o.tuning };
    this.currentHost = o.page.hostname;
    this.rest = new RestClient({
      baseUrl: '', credentials: o.credentials, fetch: o.fetch, parser: o.parser, newRequestId: o.newRequestId,
      ...(o.locale ? { locale: o.locale } : {}),
    });
    this.log = new ClientLog({
      now: o.now,
      clientOffsetMinutes: o.clientOffsetMinutes,
      serverDriftMs: () => this.driftMs,
      serverOffsetMinutes: () => this.systemInfo?.timezoneOffset ?? 0,
      fqdn: () => this.currentHost,
    });
  }

  get userId(): string { return this.o.credentials.id; }
  get fqdn(): string { return this.currentHost; }
  get xmppJid(): string { return this.#xmpp?.jid ?? ''; }

  onState(fn: (s: ConnectionState, reason: string) => void): () => void { this.#stateListeners.add(fn); return () => this.#stateListeners.delete(fn); }

  /** Updates published on `node` (the node of the pubsub <items>, not the Update's source). */
  onNode(node: string, fn: (u: Update) => void): () => void {
    let set = this.#nodeHandlers.get(node);
    if (!set) this.#nodeHandlers.set(node, (set = new Set()));
    set.add(fn);
    return () => set!.delete(fn);
  }

  onAnyUpdate(fn: (node: string, u: Update) => void): () => void { this.#anyHandlers.add(fn); return () => this.#anyHandlers.delete(fn); }

  /** Registers an object to renew and re-read on recovery; returns the way to forget it. */
  track(t: Tracked): () => void {
    this.#tracked.add(t);
    if (t.explicit && t.node && this.state === 'connected') void this.#subscribe(t.node);
    return () => {
      this.#tracked.delete(t);
      if (t.explicit && t.node && this.state === 'connected') void this.#xmpp?.unsubscribe(t.node);
    };
  }

  /** Reads SystemInfo, then opens the notification connection; resolves when connected or refused. */
  async start(): Promise<StartOutcome> {
    const info = await this.readSystemInfo();
    if (!info.ok) return { ok: false, reason: 'rest', detail: describeRestError(info.error), rest: info };
    this.#scheduleSystemInfo();
    return new Promise<StartOutcome>((resolve) => {
      this.#firstConnect = resolve;
      this.#openXmpp(this.currentHost);
    });
  }

  stop(): void {
    this.#setState('stopped', 'signed out');
    this.o.timers.clear(this.#retryTimer);
    this.o.timers.clear(this.#infoTimer);
    this.#xmpp?.disconnect();
    this.#xmpp = undefined;
  }

  /** GET SystemInfo with drift and latency measured and logged (product document 000). */
  async readSystemInfo(rest: RestClient = this.rest): Promise<RestResult<SystemInfo>> {
    const sentAt = this.o.now();
    const r = await rest.systemInfo();
    const receivedAt = this.o.now();
    if (r.ok) {
      this.systemInfo = r.value;
      if (Number.isFinite(r.value.currentTimestamp)) {
        const m = measureDrift({ sentAt, receivedAt, serverTime: r.value.currentTimestamp });
        this.driftMs = m.driftMs;
        this.log.log(driftLine(m));
      }
    } else {
      this.log.log(`SystemInfo failed: ${describeRestError(r.error)}`);
    }
    return r;
  }

  #scheduleSystemInfo(): void {
    this.o.timers.clear(this.#infoTimer);
    this.#infoTimer = this.o.timers.set(async () => {
      const r = await this.readSystemInfo();
      if (r.ok && r.value.status && r.value.status !== 'IN_SERVICE' && this.state === 'connected') this.#outOfService(`server ${r.value.status}`);
      if (this.state !== 'stopped') this.#scheduleSystemInfo();
    }, this.tuning.systemInfoIntervalMs);
  }

  #wsUrl(host: string): string {
    const scheme = this.o.page.protocol === 'http:' ? 'ws:' : 'wss:';
    return `${scheme}//${host}${this.o.page.port ? `:${this.o.page.port}` : ''}/ws`;
  }

  #restFor(host: string): RestClient {
    const rest = new RestClient({
      baseUrl: host === this.o.page.hostname ? '' : `${this.o.page.protocol}//${host}${this.o.page.port ? `:${this.o.page.port}` : ''}`,
      credentials: this.o.credentials, fetch: this.o.fetch, parser: this.o.parser, newRequestId: this.o.newRequestId,
    });
    return rest;
  }

  #openXmpp(host: string): void {
    const info = this.systemInfo;
    const domain = info?.xmppDomain || host;
    const client = new XmppClient({
      url: this.#wsUrl(host),
      domain,
      pubsubDomain: info?.pubsubDomain || `pubsub.${domain}`,
      user: this.o.credentials.id.toLowerCase(),
      password: this.o.credentials.password,
      resource: this.o.resource ?? 'desktop',
      ws: this.o.ws,
      parser: this.o.parser,
      timers: this.o.timers,
      pingIntervalMs: this.tuning.pingIntervalMs,
      pingTimeoutMs: this.tuning.pingTimeoutMs,
      pingMaxFailures: this.tuning.pingMaxFailures,
    }, {
      onStatus: (s, reason) => { if (this.#xmpp === client) this.#onXmppStatus(host, s, reason); },
      onNotification: (node, text) => { if (this.#xmpp === client) this.#onNotification(node, text); },
      onPresence: (from, type) => {
        // The `finesse` user going unavailable means the web services are down (finesse-api.md §5.6).
        if (this.#xmpp === client && type === 'unavailable' && from.split('@')[0]?.toLowerCase() === 'finesse' && this.state === 'connected') {
          this.#outOfService('the finesse user became unavailable');
        }
      },
      onLog: (line) => this.log.log(`XMPP: ${line}`),
    });
    this.#xmpp = client;
    if (!this.#everConnected) this.#setState('connecting', '');
    client.connect();
  }

  #onXmppStatus(host: string, s: XmppStatus, reason: string): void {
    if (s === 'connecting') return;
    if (s === 'connected') {
      const recovering = this.#everConnected;
      this.#everConnected = true;
      this.#attempt = 0;
      this.currentHost = host;
      if (host !== this.o.page.hostname) this.rest.baseUrl = this.#restFor(host).baseUrl;
      else this.rest.baseUrl = '';
      this.log.log(recovering ? `notification connection recovered on ${host}` : `notification connection up on ${host} as ${reason}`);
      this.#setState('connected', recovering ? 'recovered' : '');
      for (const t of this.#tracked) if (t.explicit && t.node) void this.#subscribe(t.node);
      if (recovering) void this.refreshAll();
      this.#firstConnect?.({ ok: true });
      this.#firstConnect = undefined;
      return;
    }
    if (this.state === 'stopped') return;
    if (s === 'conflict') {
      this.#setState('conflict', reason);
      this.#firstConnect?.({ ok: false, reason: 'conflict', detail: reason });
      this.#firstConnect = undefined;
      return;
    }
    if (!this.#everConnected && this.#firstConnect) {
      const resolve = this.#firstConnect;
      this.#firstConnect = undefined;
      resolve({ ok: false, reason: s === 'unauthorized' ? 'unauthorized' : 'notification', detail: reason });
      this.#setState('idle', reason);
      return;
    }
    this.#setState('lost', reason);
    this.#scheduleReconnect();
  }

  /** The server says it cannot serve: drop the connection and wait for IN_SERVICE (the reconnect loop checks). */
  #outOfService(reason: string): void {
    this.log.log(`failover: ${reason}`);
    this.#setState('lost', reason);
    this.#xmpp?.disconnect();
    this.#xmpp = undefined;
    this.#scheduleReconnect();
  }

  /** Re-reads every tracked object (after recovery, or when asked). */
  async refreshAll(): Promise<void> {
    await Promise.all([...this.#tracked].map(async (t) => {
      try { await t.refresh(); } catch (e) { this.log.log(`refresh failed: ${(e as Error).message}`); }
    }));
  }

  #scheduleReconnect(): void {
    this.o.timers.clear(this.#retryTimer);
    const delay = backoffDelay(this.#attempt, this.o.random(), this.tuning.backoff);
    const hosts = [this.currentHost];
    const alt = this.systemInfo ? alternateHost(this.systemInfo) : '';
    if (alt && alt !== this.currentHost) hosts.push(alt);
    const host = hosts[this.#attempt % hosts.length]!;
    this.#attempt++;
    this.log.log(`reconnect attempt ${this.#attempt} to ${host} in ${delay} ms`);
    this.#retryTimer = this.o.timers.set(() => void this.#tryHost(host), delay);
  }

  async #tryHost(host: string): Promise<void> {
    if (this.state === 'stopped' || this.state === 'connected') return;
    // A node is worth connecting to only when its SystemInfo says IN_SERVICE (finesse-api.md §5.6).
    const r = await this.readSystemInfo(this.#restFor(host));
    if ((this.state as ConnectionState) === 'stopped') return;
    if (!r.ok || (r.value.status && r.value.status !== 'IN_SERVICE')) {
      this.#scheduleReconnect();
      return;
    }
    this.systemInfo = r.value;
    this.#openXmpp(host);
  }

  async #subscribe(node: string): Promise<void> {
    const r = await this.#xmpp?.subscribe(node);
    if (r && !r.ok) this.log.log(`subscribe ${node} failed: ${r.error}`);
  }

  #onNotification(node: string, text: string): void {
    const u = parseUpdate(text, this.o.parser);
    if (!u) { this.log.log(`ignored an event on ${node} that is not an <Update>`); return; }
    if (node === '/finesse/api/SystemInfo' && u.dataType === 'systeminfo' && u.data) {
      const status = parseSystemInfo(u.data).status;
      this.log.log(`SystemInfo event: ${status}`);
      if (status && status !== 'IN_SERVICE' && this.state === 'connected') this.#outOfService(`server ${status}`);
    }
    for (const fn of this.#nodeHandlers.get(node) ?? []) {
      try { fn(u); } catch (e) { this.log.log(`handler for ${node} failed: ${(e as Error).message}`); }
    }
    for (const fn of this.#anyHandlers) {
      try { fn(node, u); } catch (e) { this.log.log(`event listener failed: ${(e as Error).message}`); }
    }
  }

  #setState(s: ConnectionState, reason: string): void {
    if (this.state === s && s !== 'connected') return;
    this.state = s;
    for (const fn of this.#stateListeners) {
      try { fn(s, reason); } catch { /* never let a view break the session */ }
    }
  }

  /** Posts the client log (Send Error Report). */
  async sendErrorReport(): Promise<RestResult<void>> {
    this.log.log('Send Error Report requested');
    return this.rest.clientLog(this.log.text());
  }
}
