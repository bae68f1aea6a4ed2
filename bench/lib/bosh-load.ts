// A cheap BOSH (XEP-0124/0206) load client: thousands of sessions in one process, over raw node:https
// (or node:http) with one shared keep-alive agent, and a tiny XML splitter instead of a parser.
//
// A session: create (wait, hold) → SASL PLAIN → restart → bind → session → (optional pubsub subscribe)
// → initial presence; from then on it long-polls forever, always one request held by the server, and a
// second request only while it has something to send (hold=1, requests=2: the server then answers the
// held one at once, as with Strophe). Every stanza that arrives after login goes to `onStanza` as a raw
// string with the arrival time, so the caller can pick stamps out of it with a regex.
//
// Errors are counted, not hidden: an HTTP status other than 200, a `type='terminate'` body, a request
// that stays unanswered past `wait` + margin, or a network error that persists after retries ends the
// session and counts as an error. A network error on a request (most often a keep-alive socket that the
// server closed just as it was reused) is retried with the same rid, as a browser BOSH client does; such
// retries are counted separately.
import * as http from 'node:http';
import * as https from 'node:https';
import { performance } from 'node:perf_hooks';

const NS_HTTPBIND = 'http://jabber.org/protocol/httpbind';
const NS_XBOSH = 'urn:xmpp:xbosh';
const NS_SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';
const NS_BIND = 'urn:ietf:params:xml:ns:xmpp-bind';
const NS_SESSION = 'urn:ietf:params:xml:ns:xmpp-session';
const NS_PUBSUB = 'http://jabber.org/protocol/pubsub';
const NS_PING = 'urn:xmpp:ping';

export function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'));
}

// ---- tiny XML handling ---------------------------------------------------------------------------

/** The value of attribute `name` in the start tag at the beginning of `xml` (either quote style), unescaped. */
export function startTagAttr(xml: string, name: string): string | undefined {
  const end = tagEnd(xml, 0);
  const tag = xml.slice(0, end < 0 ? xml.length : end);
  const m = new RegExp(`\\s${name.replace(/[.:]/g, '\\$&')}\\s*=\\s*(?:'([^']*)'|"([^"]*)")`).exec(tag);
  if (!m) return undefined;
  return (m[1] ?? m[2] ?? '').replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);
}

/** The local name of the element starting at the beginning of `xml` (`stream:features` → `features`). */
export function localName(xml: string): string {
  const m = /^<([A-Za-z_][\w.:-]*)/.exec(xml);
  const q = m?.[1] ?? '';
  const colon = q.indexOf(':');
  return colon < 0 ? q : q.slice(colon + 1);
}

/** Index just past the '>' closing the tag that starts at `from` ('<'), skipping quoted attribute values. */
function tagEnd(s: string, from: number): number {
  let quote = '';
  for (let i = from + 1; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return i + 1;
    }
  }
  return -1;
}

export interface ParsedBody {
  /** The `<body ...>` start tag, for startTagAttr. */
  head: string;
  /** The children of <body/> as raw XML strings. */
  children: string[];
}

/** Splits a BOSH response into its <body> start tag and its top-level children. Throws on broken input. */
export function parseBody(text: string): ParsedBody {
  let i = text.indexOf('<');
  while (i >= 0 && (text.startsWith('<?', i) || text.startsWith('<!--', i))) {
    const close = text.startsWith('<?', i) ? text.indexOf('?>', i) + 2 : text.indexOf('-->', i) + 3;
    if (close < 3) throw new Error('unterminated prolog');
    i = text.indexOf('<', close);
  }
  if (i < 0 || localName(text.slice(i, i + 40)) !== 'body') throw new Error(`not a <body/>: ${text.slice(0, 200)}`);
  const headEnd = tagEnd(text, i);
  if (headEnd < 0) throw new Error('unterminated <body>');
  const head = text.slice(i, headEnd);
  const children: string[] = [];
  if (head.endsWith('/>')) return { head, children };
  let depth = 0;
  let start = -1;
  let pos = headEnd;
  for (;;) {
    const lt = text.indexOf('<', pos);
    if (lt < 0) throw new Error('unterminated <body>');
    if (text.startsWith('<!--', lt)) {
      pos = text.indexOf('-->', lt) + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      pos = text.indexOf(']]>', lt) + 3;
      continue;
    }
    const end = tagEnd(text, lt);
    if (end < 0) throw new Error('unterminated tag');
    if (text[lt + 1] === '/') {
      if (depth === 0) return { head, children }; // </body>
      depth--;
      if (depth === 0) children.push(text.slice(start, end));
    } else if (text[end - 2] === '/') {
      if (depth === 0) children.push(text.slice(lt, end));
    } else {
      if (depth === 0) start = lt;
      depth++;
    }
    pos = end;
  }
}

// ---- HTTP ----------------------------------------------------------------------------------------

export interface BoshEndpointOptions {
  /** e.g. https://127.0.0.1:7443/http-bind */
  url: string;
  /** Host header and TLS server name (the XMPP domain), e.g. `localhost`. */
  hostName: string;
  /** Trust anchor for the server certificate (HTTPS only); the certificate is verified. */
  ca?: Buffer;
  /** Longest time one request may stay unanswered (wait + margin). */
  requestTimeoutMs: number;
}

export interface EndpointStats {
  requests: number;
  responses: number;
  bytesOut: number;
  bytesIn: number;
  socketsCreated: number;
  /** Network errors retried with the same rid, on a reused keep-alive socket / on a fresh one. */
  retriesReused: number;
  retriesFresh: number;
}

export class BoshEndpoint {
  readonly secure: boolean;
  readonly agent: http.Agent;
  readonly stats: EndpointStats = { requests: 0, responses: 0, bytesOut: 0, bytesIn: 0, socketsCreated: 0, retriesReused: 0, retriesFresh: 0 };
  /** TLS facts of the first connection (HTTPS only). */
  tlsFacts: string | undefined;
  readonly #url: URL;
  readonly #host: string;
  readonly #request: typeof http.request;

  constructor(readonly opts: BoshEndpointOptions) {
    this.#url = new URL(opts.url);
    this.secure = this.#url.protocol === 'https:';
    this.#host = `${opts.hostName}:${this.#url.port}`;
    // Free sockets are closed after this long idle (below every server's keep-alive timeout we know of),
    // so that a reused socket is rarely one the server is closing at that moment.
    const agentOpts = { keepAlive: true, maxSockets: Infinity, maxFreeSockets: 512, scheduling: 'lifo' as const, timeout: opts.requestTimeoutMs };
    this.agent = this.secure
      ? new https.Agent({ ...agentOpts, ca: opts.ca, servername: opts.hostName, maxCachedSessions: 1000 })
      : new http.Agent(agentOpts);
    this.#request = (this.secure ? https.request : http.request) as typeof http.request;
    // Count the sockets the agent opens (createConnection is an undocumented but stable Agent method).
    const agent = this.agent as unknown as { createConnection: (...a: unknown[]) => unknown };
    const create = agent.createConnection.bind(agent);
    agent.createConnection = (...a: unknown[]): unknown => {
      this.stats.socketsCreated++;
      return create(...a);
    };
  }

  /** One POST; `done` is called exactly once. Returns the request (destroy() it to abort). */
  post(body: string, done: (err: Error | undefined, status: number, text: string, reused: boolean) => void): http.ClientRequest {
    const stats = this.stats;
    stats.requests++;
    const len = Buffer.byteLength(body);
    stats.bytesOut += len;
    let finished = false;
    const finish = (err: Error | undefined, status: number, text: string): void => {
      if (finished) return;
      finished = true;
      done(err, status, text, req.reusedSocket);
    };
    const req = this.#request({
      agent: this.agent,
      hostname: this.#url.hostname,
      port: this.#url.port,
      path: this.#url.pathname,
      method: 'POST',
      headers: { host: this.#host, 'content-type': 'text/xml; charset=utf-8', 'content-length': len },
      ...(this.secure ? { servername: this.opts.hostName } : {}),
    }, (res) => {
      res.setEncoding('utf8');
      let text = '';
      res.on('data', (d: string) => { text += d; });
      res.on('end', () => {
        stats.responses++;
        stats.bytesIn += Buffer.byteLength(text);
        finish(undefined, res.statusCode ?? 0, text);
      });
      res.on('error', (e) => finish(e, 0, ''));
      res.on('aborted', () => finish(new Error('response aborted'), 0, ''));
    });
    req.setTimeout(this.opts.requestTimeoutMs, () => req.destroy(new TimeoutError(`no response within ${this.opts.requestTimeoutMs} ms`)));
    req.on('error', (e) => finish(e, 0, ''));
    if (this.secure && this.tlsFacts === undefined) {
      req.once('socket', (s) => {
        s.once('secureConnect', () => {
          const t = s as import('node:tls').TLSSocket;
          const cert = t.getPeerCertificate();
          const key = cert.bits ? `RSA ${cert.bits}` : cert.asn1Curve ? `EC ${cert.asn1Curve}` : '?';
          this.tlsFacts ??= `${t.getProtocol() ?? '?'} ${t.getCipher().name}, ${key} certificate`;
        });
      });
    }
    req.end(body);
    return req;
  }

  close(): void {
    this.agent.destroy();
  }
}

class TimeoutError extends Error {}

export type BoshErrorKind = 'http' | 'terminate' | 'timeout' | 'network' | 'protocol';

export class BoshError extends Error {
  constructor(readonly kind: BoshErrorKind, message: string) {
    super(message);
  }
}

// ---- one session ---------------------------------------------------------------------------------

export interface BoshLoginOptions {
  domain: string;
  username: string;
  password: string;
  resource: string;
  /** `wait` and `hold` asked for at creation. */
  wait: number;
  hold: number;
  /** Whole login (creation → initial presence) must finish within this. */
  timeoutMs: number;
  /** Subscribe the bare JID to this node at `pubsubService` before the initial presence. */
  subscribeNode?: string;
  pubsubService?: string;
  /** Network retries per request before the session gives up. */
  maxRetries?: number;
}

interface Reply {
  head: string;
  children: string[];
}

export class BoshClientSession {
  sid = '';
  jid = '';
  /** Attributes the server granted at creation. */
  granted = { wait: 0, hold: 0, requests: 0, inactivity: 0 };
  /** Called for every stanza received once logged in (raw XML, arrival time from performance.now()). */
  onStanza: ((xml: string, now: number) => void) | undefined;
  /** Called once when the session fails after login (not after kill()). */
  onError: ((e: BoshError) => void) | undefined;
  error: BoshError | undefined;
  requestsSent = 0;

  #rid: number;
  #open = 0;
  #queue: string[] = [];
  #inFlight = new Set<http.ClientRequest>();
  #polling = false;
  #dead = false;
  #inbox: string[] = [];
  #iqSeq = 0;

  constructor(readonly endpoint: BoshEndpoint, readonly opts: BoshLoginOptions) {
    this.#rid = 1_000_000 + Math.floor(Math.random() * 1_000_000_000);
  }

  get isAlive(): boolean {
    return !this.#dead;
  }

  get openRequests(): number {
    return this.#open;
  }

  /** Runs the whole login and starts long-polling; rejects (and ends the session) on any failure. */
  async login(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BoshError('timeout', `login timed out after ${this.opts.timeoutMs} ms`)), this.opts.timeoutMs);
    });
    try {
      await Promise.race([this.#negotiate(), timeout]);
    } catch (e) {
      const err = e instanceof BoshError ? e : new BoshError('protocol', e instanceof Error ? e.message : String(e));
      this.error ??= err;
      this.kill();
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  async #negotiate(): Promise<void> {
    const o = this.opts;
    // Creation (XEP-0124 §7.1, XEP-0206 §5).
    const created = await this.#sequential(`to='${xmlEscape(o.domain)}' xml:lang='en' wait='${o.wait}' hold='${o.hold}' ver='1.6' `
      + `content='text/xml; charset=utf-8' xmpp:version='1.0' xmlns:xmpp='${NS_XBOSH}'`, '', true);
    this.sid = startTagAttr(created.head, 'sid') ?? '';
    if (!this.sid) throw new BoshError('protocol', `no sid in the creation response: ${created.head}`);
    this.granted = {
      wait: Number(startTagAttr(created.head, 'wait') ?? o.wait),
      hold: Number(startTagAttr(created.head, 'hold') ?? o.hold),
      requests: Number(startTagAttr(created.head, 'requests') ?? 2),
      inactivity: Number(startTagAttr(created.head, 'inactivity') ?? NaN),
    };
    this.#inbox.push(...created.children);
    const features = await this.#expect((x) => localName(x) === 'features');
    if (!/<mechanism>PLAIN<\/mechanism>/.test(features)) throw new BoshError('protocol', `PLAIN not offered: ${features}`);

    const creds = Buffer.from(`\0${o.username}\0${o.password}`).toString('base64');
    this.#inbox.push(...(await this.#sequential('', `<auth xmlns='${NS_SASL}' mechanism='PLAIN'>${creds}</auth>`)).children);
    const outcome = await this.#expect((x) => localName(x) === 'success' || localName(x) === 'failure');
    if (localName(outcome) !== 'success') throw new BoshError('protocol', `authentication failed for ${o.username}: ${outcome}`);

    this.#inbox.push(...(await this.#sequential(`to='${xmlEscape(o.domain)}' xml:lang='en' xmpp:restart='true' xmlns:xmpp='${NS_XBOSH}'`, '')).children);
    const features2 = await this.#expect((x) => localName(x) === 'features');
    if (!features2.includes(NS_BIND)) throw new BoshError('protocol', `no bind offered: ${features2}`);

    const bound = await this.#iqSequential((id) => `<iq type='set' id='${id}' xmlns='jabber:client'><bind xmlns='${NS_BIND}'><resource>${xmlEscape(o.resource)}</resource></bind></iq>`);
    const jid = /<jid>([^<]+)<\/jid>/.exec(bound)?.[1];
    if (startTagAttr(bound, 'type') !== 'result' || !jid) throw new BoshError('protocol', `bind failed: ${bound}`);
    this.jid = jid;

    const session = await this.#iqSequential((id) => `<iq type='set' id='${id}' xmlns='jabber:client'><session xmlns='${NS_SESSION}'/></iq>`);
    if (startTagAttr(session, 'type') !== 'result') throw new BoshError('protocol', `session failed: ${session}`);

    if (o.subscribeNode !== undefined) {
      const bare = jid.split('/')[0]!;
      const sub = await this.#iqSequential((id) => `<iq type='set' id='${id}' to='${xmlEscape(o.pubsubService ?? '')}' xmlns='jabber:client'>`
        + `<pubsub xmlns='${NS_PUBSUB}'><subscribe node='${xmlEscape(o.subscribeNode!)}' jid='${xmlEscape(bare)}'/></pubsub></iq>`);
      if (startTagAttr(sub, 'type') !== 'result') throw new BoshError('protocol', `subscribe to ${o.subscribeNode} failed: ${sub}`);
    }

    // Initial presence: from here on the session long-polls; this request is the first one held.
    const leftovers = this.#inbox.splice(0);
    this.#polling = true;
    this.#queue.push("<presence xmlns='jabber:client'/>");
    this.#pump();
    const now = performance.now();
    for (const x of leftovers) this.#deliver(x, now);
  }

  /** Sends a stanza on the long-polling session (a second request while one is held). */
  send(xml: string): void {
    if (this.#dead) return;
    this.#queue.push(xml);
    if (this.#polling) this.#pump();
  }

  /** Ends the session abruptly, as a killed browser would: open requests are aborted, nothing more is sent. */
  kill(): void {
    if (this.#dead) return;
    this.#dead = true;
    this.#polling = false;
    for (const req of this.#inFlight) req.destroy();
    this.#inFlight.clear();
  }

  /** Ends the session politely (type='terminate' with unavailable presence); resolves when answered or after 5 s. */
  terminate(): Promise<void> {
    if (this.#dead || !this.sid) {
      this.kill();
      return Promise.resolve();
    }
    this.#dead = true;
    this.#polling = false;
    const rid = ++this.#rid;
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        for (const r of this.#inFlight) r.destroy();
        this.#inFlight.clear();
        resolve();
      };
      const timer = setTimeout(finish, 5000);
      this.endpoint.post(`<body rid='${rid}' sid='${this.sid}' type='terminate' xmlns='${NS_HTTPBIND}'>`
        + `<presence type='unavailable' xmlns='jabber:client'/></body>`, finish);
    });
  }

  // ---- internals ---------------------------------------------------------------------------------

  /** One request during login (nothing else open); returns the parsed reply. */
  #sequential(attrs: string, payload: string, creating = false): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const rid = ++this.#rid;
      this.#post(rid, attrs, payload, creating, (err, reply) => (err ? reject(err) : resolve(reply!)));
    });
  }

  async #iqSequential(build: (id: string) => string): Promise<string> {
    const id = `b${++this.#iqSeq}`;
    this.#inbox.push(...(await this.#sequential('', build(id))).children);
    return this.#expect((x) => localName(x) === 'iq' && startTagAttr(x, 'id') === id);
  }

  /** The first inbox stanza matching `pred`; polls (empty requests) until one arrives. */
  async #expect(pred: (xml: string) => boolean): Promise<string> {
    for (let polls = 0; ; polls++) {
      const k = this.#inbox.findIndex(pred);
      if (k >= 0) return this.#inbox.splice(k, 1)[0]!;
      if (polls >= 4) throw new BoshError('protocol', `expected stanza did not arrive; got ${this.#inbox.join(' ').slice(0, 300)}`);
      this.#inbox.push(...(await this.#sequential('', '')).children);
    }
  }

  #pump(): void {
    while (this.#polling && !this.#dead) {
      const limit = Math.max(1, this.granted.requests || 2);
      if (this.#queue.length > 0 ? this.#open >= limit : this.#open > 0) return;
      const payload = this.#queue.splice(0).join('');
      const rid = ++this.#rid;
      this.#open++;
      this.#post(rid, '', payload, false, (err, reply) => {
        this.#open--;
        if (this.#dead) return;
        if (err) return this.#fail(err);
        const now = performance.now();
        for (const x of reply!.children) this.#deliver(x, now);
        this.#pump();
      });
    }
  }

  #deliver(xml: string, now: number): void {
    if (localName(xml) === 'iq') {
      const type = startTagAttr(xml, 'type');
      if (type === 'get' || type === 'set') {
        const id = xmlEscape(startTagAttr(xml, 'id') ?? '');
        const from = startTagAttr(xml, 'from');
        const to = from === undefined ? '' : ` to='${xmlEscape(from)}'`;
        this.send(type === 'get' && xml.includes(NS_PING)
          ? `<iq type='result' id='${id}'${to} xmlns='jabber:client'/>`
          : `<iq type='error' id='${id}'${to} xmlns='jabber:client'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`);
        return;
      }
    }
    this.onStanza?.(xml, now);
  }

  #fail(e: BoshError): void {
    if (this.#dead) return;
    this.error ??= e;
    this.kill();
    this.onError?.(e);
  }

  /** Posts one body with the given rid; network errors are retried with the same rid. */
  #post(rid: number, attrs: string, payload: string, creating: boolean, done: (err: BoshError | undefined, reply?: Reply) => void): void {
    const body = `<body rid='${rid}'${creating ? '' : ` sid='${this.sid}'`} xmlns='${NS_HTTPBIND}'${attrs ? ` ${attrs}` : ''}`
      + `${payload ? `>${payload}</body>` : '/>'}`;
    const maxRetries = this.opts.maxRetries ?? 3;
    const attempt = (n: number): void => {
      if (n > 0 && this.#dead) return done(new BoshError('network', 'session killed'));
      this.requestsSent++;
      const req = this.endpoint.post(body, (err, status, text, reused) => {
        this.#inFlight.delete(req);
        if (this.#dead) return done(new BoshError('network', 'session killed'));
        if (err) {
          if (err instanceof TimeoutError) return done(new BoshError('timeout', `rid ${rid}: ${err.message}`));
          if (n < maxRetries) {
            if (reused) this.endpoint.stats.retriesReused++;
            else this.endpoint.stats.retriesFresh++;
            setTimeout(() => attempt(n + 1), reused ? 0 : 100 * (n + 1));
            return;
          }
          return done(new BoshError('network', `rid ${rid}: ${(err as NodeJS.ErrnoException).code ?? ''} ${err.message} after ${n} retries`));
        }
        if (status !== 200) return done(new BoshError('http', `rid ${rid}: HTTP ${status} ${text.slice(0, 200)}`));
        let parsed: ParsedBody;
        try {
          parsed = parseBody(text);
        } catch (e) {
          return done(new BoshError('protocol', `rid ${rid}: ${(e as Error).message}`));
        }
        if (startTagAttr(parsed.head, 'type') === 'terminate') {
          return done(new BoshError('terminate', `rid ${rid}: terminate ${startTagAttr(parsed.head, 'condition') ?? '(no condition)'} ${parsed.children.join('').slice(0, 200)}`));
        }
        done(undefined, parsed);
      });
      this.#inFlight.add(req);
    };
    attempt(0);
  }
}
