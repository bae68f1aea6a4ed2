// A raw BOSH client for Parley's end-to-end tests: HTTPS POSTs of hand-written <body/> documents, so
// tests can send what real clients never would (BoshTestClient), and on top of it a client that keeps a
// long poll open as a browser does (BoshStreamClient, used by the transport contract). Strophe.js is
// tested separately (test/interop/strophe-bosh.test.ts).
import { request as httpsRequest, Agent } from 'node:https';
import type { ClientRequest, IncomingHttpHeaders } from 'node:http';
import { readFileSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import { serialize, xml, type Element } from '../../src/xml/element.js';
import { parseElement } from '../../src/xml/parse.js';
import { NS_BIND, NS_BOSH, NS_CLIENT, NS_SASL, NS_STREAM, NS_STREAMS_ERR, NS_XBOSH } from '../../src/xml/ns.js';
import { ElementInbox, type ElementMatch } from './element-inbox.js';

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The parsed <body/> when the reply is XML. */
  body: Element | undefined;
}

export interface PostOptions {
  port: number;
  ca: string;
  body?: string | Buffer;
  path?: string;
  method?: string;
  headers?: Record<string, string>;
  /** Source address (a loopback alias such as 127.0.0.2 stands for another client). */
  localAddress?: string;
  servername?: string;
  agent?: Agent | false;
  timeoutMs?: number;
  /** Called with the request, e.g. to abort it later. */
  onRequest?: (req: ClientRequest) => void;
}

const cas = new Map<string, Buffer>();
const caOf = (path: string): Buffer => cas.get(path) ?? cas.set(path, readFileSync(path)).get(path)!;

/** One HTTPS request; resolves with the reply (any status), rejects on a network error or timeout. */
export function post(o: PostOptions): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const data = o.body ?? '';
    const req = httpsRequest({
      host: '127.0.0.1',
      port: o.port,
      path: o.path ?? '/http-bind',
      method: o.method ?? 'POST',
      ca: caOf(o.ca),
      servername: o.servername ?? 'localhost',
      agent: o.agent ?? false,
      ...(o.localAddress ? { localAddress: o.localAddress } : {}),
      headers: { 'content-type': 'text/xml; charset=utf-8', ...(o.method === 'GET' ? {} : { 'content-length': String(Buffer.byteLength(data)) }), ...o.headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const parsed = text.startsWith('<') ? parseElement(text) : undefined;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed?.ok ? parsed.value : undefined });
      });
      res.on('error', reject);
    });
    const timer = setTimeout(() => req.destroy(new Error('request timed out')), o.timeoutMs ?? 10_000);
    req.on('close', () => clearTimeout(timer));
    req.on('error', reject);
    o.onRequest?.(req);
    if (o.method !== 'GET') req.end(data);
    else req.end();
  });
}

/** `<body xmlns=httpbind attrs>payloads</body>` as text. */
export function boshBody(attrs: Record<string, string | number | undefined>, ...payloads: Element[]): string {
  return serialize(xml('body', { xmlns: NS_BOSH, ...attrs }, ...payloads));
}

export interface SessionOptions {
  port: number;
  ca: string;
  domain: string;
  path?: string;
  wait?: number;
  hold?: number;
  ver?: string | undefined;
  localAddress?: string;
}

/** One BOSH session, driven request by request. */
export class BoshTestClient {
  sid = '';
  rid: number;
  jid = '';
  creation: HttpResult | undefined;

  constructor(readonly opts: SessionOptions) {
    this.rid = randomInt(1, 2 ** 47);
  }

  /** POSTs the creation request; returns the reply. */
  async create(extra: Record<string, string | number | undefined> = {}): Promise<HttpResult> {
    const r = await this.post(boshBody({
      rid: this.rid, to: this.opts.domain, wait: this.opts.wait ?? 30, hold: this.opts.hold ?? 1,
      ver: 'ver' in this.opts ? this.opts.ver : '1.11', 'xml:lang': 'en', 'xmlns:xmpp': NS_XBOSH, 'xmpp:version': '1.0', ...extra,
    }));
    this.creation = r;
    this.sid = r.body?.attr('sid') ?? '';
    return r;
  }

  post(body: string | Buffer, extra: Partial<PostOptions> = {}): Promise<HttpResult> {
    return post({ port: this.opts.port, ca: this.opts.ca, body, ...(this.opts.path ? { path: this.opts.path } : {}), ...(this.opts.localAddress ? { localAddress: this.opts.localAddress } : {}), ...extra });
  }

  /** Sends the next rid with these payloads (and attributes); resolves with its reply. */
  send(payloads: Element[] = [], attrs: Record<string, string | number | undefined> = {}, extra: Partial<PostOptions> = {}): Promise<HttpResult> {
    this.rid++;
    return this.post(boshBody({ sid: this.sid, rid: this.rid, ...attrs }, ...payloads), extra);
  }

  /** SASL PLAIN, restart, bind (and initial presence), one request at a time; `resource` null lets the server choose. */
  async login(username: string, password: string, resource: string | null = 'desktop', presence = true): Promise<void> {
    if (!this.sid) await this.create();
    const auth = await this.send([xml('auth', { xmlns: NS_SASL, mechanism: 'PLAIN' }, Buffer.from(`\0${username}\0${password}`).toString('base64'))]);
    if (!auth.body?.getChild('success', NS_SASL)) throw new Error(`auth failed: ${auth.text}`);
    const restart = await this.send([], { 'xmpp:restart': 'true', 'xmlns:xmpp': NS_XBOSH, to: this.opts.domain, 'xml:lang': 'en' });
    if (!restart.body?.getChild('features')?.getChild('bind', NS_BIND)) throw new Error(`no bind feature after restart: ${restart.text}`);
    const bind = await this.send([xml('iq', { xmlns: 'jabber:client', type: 'set', id: 'bind1' }, xml('bind', { xmlns: NS_BIND }, resource === null ? null : xml('resource', null, resource)))]);
    const jid = bind.body?.getChild('iq')?.getChild('bind', NS_BIND)?.getChildText('jid');
    if (!jid) throw new Error(`bind failed: ${bind.text}`);
    this.jid = jid;
    if (presence) await this.send([xml('presence', { xmlns: 'jabber:client' })]);
  }
}

/** The terminate condition of a reply ('' for a graceful terminate), or undefined when it is not one. */
export function terminateOf(r: HttpResult): string | undefined {
  return r.body?.attr('type') === 'terminate' ? (r.body.attr('condition') ?? '') : undefined;
}

/** How a BOSH session ended, as the client saw it. */
export interface BoshEnding {
  /** The terminate body's condition ('' for a graceful terminate); undefined when no terminate came. */
  condition: string | undefined;
  /** The stream error a `remote-stream-error` terminate carried ([XEP-0206] §7). */
  streamError: string | undefined;
  /** Why the client stopped: 'terminate', 'vanished', 'http 404', a network error… */
  reason: string;
}

/** An element as a stanza of the stream: unqualified elements get jabber:client, not the body's namespace. */
export function inClientNamespace(el: Element): Element {
  return el.ns === undefined ? xml(el.name, { ...el.attrs, xmlns: NS_CLIENT }, ...el.children) : el;
}

/**
 * A BOSH session driven as a browser drives it ([XEP-0124] §11): after login one request is always open
 * (the long poll); stanzas go out as they are sent, with no more than the advertised `requests` open at
 * once (the rest wait for the next request); what the responses carry goes, in rid order, to one
 * ElementInbox. `stop()` leaves the session alone (a frozen tab), `abort()` also drops the open requests
 * (a closed tab); either way the server only notices through its inactivity timer.
 */
export class BoshStreamClient {
  readonly http: BoshTestClient;
  /** Every response body, in the order processed, for failure messages. */
  readonly transcript: string[] = [];
  readonly inbox = new ElementInbox(() => `BOSH responses:\n${this.transcript.join('\n')}`);
  #requests = 2;
  #queue: Element[] = [];
  #open = new Map<number, ClientRequest | undefined>();
  #answered = new Map<number, HttpResult | Error>();
  #nextRid = 0;
  #state: 'new' | 'running' | 'closing' | 'stopped' | 'ended' = 'new';
  #ending: BoshEnding | undefined;
  #onEnded: ((e: BoshEnding) => void)[] = [];

  constructor(opts: SessionOptions) {
    this.http = new BoshTestClient(opts);
  }

  get jid(): string {
    return this.http.jid;
  }

  /** How the session ended, once it has. */
  get ending(): BoshEnding | undefined {
    return this.#ending;
  }

  /** Creates the session, logs in (without presence) and starts the long poll; resolves with the full JID. */
  async login(username: string, password: string, resource: string | null = null): Promise<string> {
    await this.http.create();
    this.#requests = Number(this.http.creation?.body?.attr('requests') ?? 2);
    await this.http.login(username, password, resource, false);
    this.#nextRid = this.http.rid + 1;
    this.#state = 'running';
    this.#pump();
    return this.http.jid;
  }

  send(el: Element): void {
    if (this.#state !== 'running') throw new Error(`cannot send on a BOSH session that is ${this.#state}`);
    this.#queue.push(inClientNamespace(el));
    this.#pump();
  }

  /** Resolves with the first received element (past or future) matching; consumes it. */
  waitFor(match: ElementMatch, timeoutMs = 5000): Promise<Element> {
    return this.inbox.waitFor(match, timeoutMs);
  }

  /** The clean end ([XEP-0124] §13): what is queued goes out in a `type='terminate'` request. */
  terminate(timeoutMs = 5000): Promise<BoshEnding> {
    if (this.#state === 'running') {
      this.#state = 'closing';
      this.#post(this.#queue.splice(0), { type: 'terminate' });
    }
    return this.ended(timeoutMs);
  }

  /** Sends nothing more, not even the next poll; the open requests run their course. */
  stop(): void {
    if (this.#state === 'running' || this.#state === 'new') this.#state = 'stopped';
  }

  /** Drops every open request and sends nothing more, as a closed browser tab does. */
  abort(): void {
    if (this.#state === 'ended') return;
    const open = [...this.#open.values()];
    this.#end({ condition: undefined, streamError: undefined, reason: 'vanished' });
    for (const req of open) req?.destroy();
  }

  /** Resolves once the session has ended (a terminate body, an HTTP error, or abort). */
  ended(timeoutMs = 5000): Promise<BoshEnding> {
    if (this.#ending) return Promise.resolve(this.#ending);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`BOSH session not ended within ${timeoutMs} ms; responses:\n${this.transcript.join('\n')}`)), timeoutMs);
      this.#onEnded.push((e) => { clearTimeout(timer); resolve(e); });
    });
  }

  /** Keeps one request open, and sends what is queued while fewer than `requests` are. */
  #pump(): void {
    while (this.#state === 'running' && this.#open.size < this.#requests && (this.#queue.length > 0 || this.#open.size === 0)) {
      this.#post(this.#queue.splice(0));
    }
  }

  #post(payloads: Element[], attrs: Record<string, string> = {}): void {
    let req: ClientRequest | undefined;
    const sent = this.http.send(payloads, attrs, { onRequest: (r) => { req = r; } });
    const rid = this.http.rid;
    this.#open.set(rid, req);
    sent.then((r) => this.#onAnswer(rid, r), (e: Error) => this.#onAnswer(rid, e));
  }

  /** Responses are handled in rid order, as the server wrote them. */
  #onAnswer(rid: number, result: HttpResult | Error): void {
    this.#open.delete(rid);
    if (this.#state === 'ended') return;
    this.#answered.set(rid, result);
    for (let r = this.#answered.get(this.#nextRid); r !== undefined; r = this.#answered.get(this.#nextRid)) {
      this.#answered.delete(this.#nextRid++);
      this.#handle(r);
      if (this.#ending) return;
    }
    if (this.#state === 'closing' && this.#open.size === 0) {
      return this.#end({ condition: undefined, streamError: undefined, reason: 'every request answered after terminate, none with type=terminate' });
    }
    this.#pump();
  }

  #handle(r: HttpResult | Error): void {
    if (r instanceof Error) return this.#end({ condition: undefined, streamError: undefined, reason: r.message });
    this.transcript.push(r.text);
    if (r.status !== 200 || !r.body) return this.#end({ condition: undefined, streamError: undefined, reason: `http ${r.status}` });
    for (const el of r.body.elements()) this.inbox.push(el);
    const condition = terminateOf(r);
    if (condition === undefined) return;
    const streamError = r.body.getChild('error', NS_STREAM)?.elements().find((e) => e.ns === NS_STREAMS_ERR && e.localName !== 'text')?.localName;
    this.#end({ condition, streamError, reason: this.#state === 'closing' ? 'terminate' : `terminated by the server${condition ? ` (${condition})` : ''}` });
  }

  #end(ending: BoshEnding): void {
    if (this.#ending) return;
    this.#ending = ending;
    this.#state = 'ended';
    this.#queue = [];
    this.inbox.end(ending.reason);
    for (const w of this.#onEnded.splice(0)) w(ending);
  }
}
