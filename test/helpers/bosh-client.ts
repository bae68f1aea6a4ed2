// A raw BOSH client for Parley's end-to-end tests: HTTPS POSTs of hand-written <body/> documents, so
// tests can send what real clients never would. Strophe.js is tested separately (bosh-strophe.test.ts).
import { request as httpsRequest, Agent } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { readFileSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import { serialize, xml, type Element } from '../../src/xml/element.js';
import { parseElement } from '../../src/xml/parse.js';
import { NS_BIND, NS_BOSH, NS_SASL, NS_XBOSH } from '../../src/xml/ns.js';

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
  onRequest?: (req: import('node:http').ClientRequest) => void;
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

  /** SASL PLAIN, restart, bind (and initial presence), one request at a time. */
  async login(username: string, password: string, resource = 'desktop', presence = true): Promise<void> {
    if (!this.sid) await this.create();
    const auth = await this.send([xml('auth', { xmlns: NS_SASL, mechanism: 'PLAIN' }, Buffer.from(`\0${username}\0${password}`).toString('base64'))]);
    if (!auth.body?.getChild('success', NS_SASL)) throw new Error(`auth failed: ${auth.text}`);
    const restart = await this.send([], { 'xmpp:restart': 'true', 'xmlns:xmpp': NS_XBOSH, to: this.opts.domain, 'xml:lang': 'en' });
    if (!restart.body?.getChild('features')?.getChild('bind', NS_BIND)) throw new Error(`no bind feature after restart: ${restart.text}`);
    const bind = await this.send([xml('iq', { xmlns: 'jabber:client', type: 'set', id: 'bind1' }, xml('bind', { xmlns: NS_BIND }, xml('resource', null, resource)))]);
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
