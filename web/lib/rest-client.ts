// Finesse REST calls with HTTP Basic (finesse-api.md §1–§2). XML in, typed objects out; failures are
// values ({ ok: false, error }) in the vocabulary a person can be told: the HTTP status, Finesse's
// ApiErrors, a network failure or a timeout. fetch, the XML parser and the requestId source are
// injected so the same code runs in the browser, inside the gadget container, and in Node tests.
import { parseXml, esc, tag, localNameOf, type XmlNode, type XmlParser } from './xml.js';
import {
  parseApiErrors, parseDialog, parseDialogs, parseQueue, parseQueues, parseReasonCodes, parseSystemInfo, parseTeam,
  parseUser, parseWrapUpReasons, type ApiError, type CallVariable, type Dialog, type Queue, type ReasonCode,
  type SystemInfo, type Team, type User, type WrapUpReason,
} from './finesse-objects.js';

export type RestError =
  | { kind: 'http'; status: number; errors: ApiError[]; text: string }
  | { kind: 'network'; message: string }
  | { kind: 'timeout'; ms: number }
  | { kind: 'bad-response'; message: string };

export type RestResult<T> = { ok: true; value: T; status: number; requestId: string } | { ok: false; error: RestError; requestId: string };

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<{
  status: number;
  text(): Promise<string>;
  headers: { get(name: string): string | null };
}>;

export interface Credentials { id: string; password: string }

export interface RestClientOptions {
  /** '' for the page's own origin, or e.g. 'https://finesse-b.example.com:8445'. */
  baseUrl: string;
  credentials: Credentials;
  fetch: FetchLike;
  parser: XmlParser;
  newRequestId: () => string;
  /** Per-request timeout (default 15 s). */
  timeoutMs?: number;
  /** Locale header, sent as finesse.js does (e.g. en_US). */
  locale?: string;
}

export function basicAuthorization(c: Credentials): string {
  const bytes = new TextEncoder().encode(`${c.id}:${c.password}`);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `Basic ${btoa(bin)}`;
}

export interface DialogActionOptions {
  targetMediaAddress?: string;
  toAddress?: string;
  wrapUpReason?: string;
  callVariables?: CallVariable[];
}

export class RestClient {
  readonly #o: RestClientOptions;
  baseUrl: string;

  constructor(options: RestClientOptions) {
    this.#o = options;
    this.baseUrl = options.baseUrl;
  }

  get userId(): string { return this.#o.credentials.id; }

  /** A raw request; `parse` turns the root element into the value. */
  async request<T>(method: string, path: string, body: string | undefined, parse: (root: XmlNode | undefined, status: number) => T): Promise<RestResult<T>> {
    const requestId = method === 'GET' ? '' : this.#o.newRequestId();
    const headers: Record<string, string> = {
      authorization: basicAuthorization(this.#o.credentials),
      accept: 'application/xml',
    };
    if (this.#o.locale) headers.locale = this.#o.locale;
    if (body !== undefined) headers['content-type'] = 'application/xml';
    if (requestId) headers.requestId = requestId;
    const timeoutMs = this.#o.timeoutMs ?? 15_000;
    const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; controller?.abort(); }, timeoutMs);
    try {
      const res = await this.#o.fetch(this.baseUrl + path, { method, headers, ...(body !== undefined ? { body } : {}), ...(controller ? { signal: controller.signal } : {}) });
      const text = await res.text();
      if (res.status < 200 || res.status >= 300) {
        const root = text.trim().startsWith('<') ? parseXml(text, this.#o.parser) : undefined;
        return { ok: false, requestId, error: { kind: 'http', status: res.status, errors: parseApiErrors(root), text: text.slice(0, 2000) } };
      }
      const root = text.trim() ? parseXml(text, this.#o.parser) : undefined;
      if (text.trim() && !root) return { ok: false, requestId, error: { kind: 'bad-response', message: `The server's answer to ${method} ${path} is not XML.` } };
      try {
        return { ok: true, requestId, status: res.status, value: parse(root, res.status) };
      } catch (e) {
        return { ok: false, requestId, error: { kind: 'bad-response', message: (e as Error).message } };
      }
    } catch (e) {
      if (timedOut) return { ok: false, requestId, error: { kind: 'timeout', ms: timeoutMs } };
      return { ok: false, requestId, error: { kind: 'network', message: (e as Error)?.message ?? String(e) } };
    } finally {
      clearTimeout(timer);
    }
  }

  #get<T>(path: string, root: string, parse: (n: XmlNode) => T): Promise<RestResult<T>> {
    return this.request('GET', path, undefined, (n) => {
      if (!n || localNameOf(n) !== root) throw new Error(`Expected <${root}> from ${path}, got ${n ? `<${localNameOf(n)}>` : 'nothing'}.`);
      return parse(n);
    });
  }

  #send(method: 'PUT' | 'POST', path: string, body: string): Promise<RestResult<void>> {
    return this.request(method, path, body, () => undefined);
  }

  systemInfo(): Promise<RestResult<SystemInfo>> { return this.#get('/finesse/api/SystemInfo', 'SystemInfo', parseSystemInfo); }
  user(id = this.userId): Promise<RestResult<User>> { return this.#get(`/finesse/api/User/${encodeURIComponent(id)}`, 'User', parseUser); }
  dialogs(id = this.userId): Promise<RestResult<Dialog[]>> { return this.#get(`/finesse/api/User/${encodeURIComponent(id)}/Dialogs`, 'Dialogs', parseDialogs); }
  dialog(dialogId: string): Promise<RestResult<Dialog>> { return this.#get(`/finesse/api/Dialog/${encodeURIComponent(dialogId)}`, 'Dialog', parseDialog); }
  team(teamId: string): Promise<RestResult<Team>> { return this.#get(`/finesse/api/Team/${encodeURIComponent(teamId)}`, 'Team', parseTeam); }
  queues(id = this.userId): Promise<RestResult<Queue[]>> { return this.#get(`/finesse/api/User/${encodeURIComponent(id)}/Queues`, 'Queues', parseQueues); }
  queue(queueId: string): Promise<RestResult<Queue>> { return this.#get(`/finesse/api/Queue/${encodeURIComponent(queueId)}`, 'Queue', parseQueue); }
  reasonCodes(category: 'NOT_READY' | 'LOGOUT'): Promise<RestResult<ReasonCode[]>> {
    return this.#get(`/finesse/api/User/${encodeURIComponent(this.userId)}/ReasonCodes?category=${category}`, 'ReasonCodes', parseReasonCodes);
  }
  wrapUpReasons(): Promise<RestResult<WrapUpReason[]>> {
    return this.#get(`/finesse/api/User/${encodeURIComponent(this.userId)}/WrapUpReasons`, 'WrapUpReasons', parseWrapUpReasons);
  }

  /** PUT User LOGIN with the extension (finesse-api.md §2.2 "Sign in"). */
  signIn(extension: string): Promise<RestResult<void>> {
    return this.#send('PUT', `/finesse/api/User/${encodeURIComponent(this.userId)}`, `<User>${tag('state', 'LOGIN')}${tag('extension', extension)}</User>`);
  }

  /** PUT User state; `targetId` lets a supervisor act on a team member (no reason code then). */
  setState(state: 'READY' | 'NOT_READY' | 'LOGOUT', reasonCodeId?: string, targetId = this.userId): Promise<RestResult<void>> {
    const reason = reasonCodeId ? tag('reasonCodeId', reasonCodeId) : '';
    return this.#send('PUT', `/finesse/api/User/${encodeURIComponent(targetId)}`, `<User>${tag('state', state)}${reason}</User>`);
  }

  makeCall(toAddress: string, fromAddress: string): Promise<RestResult<void>> {
    return this.#send('POST', `/finesse/api/User/${encodeURIComponent(this.userId)}/Dialogs`,
      `<Dialog>${tag('requestedAction', 'MAKE_CALL')}${tag('fromAddress', fromAddress)}${tag('toAddress', toAddress)}</Dialog>`);
  }

  dialogAction(dialogId: string, action: string, o: DialogActionOptions = {}): Promise<RestResult<void>> {
    let media = '';
    if (o.wrapUpReason !== undefined || o.callVariables) {
      const vars = o.callVariables?.length
        ? `<callvariables>${o.callVariables.map((v) => `<CallVariable>${tag('name', v.name)}${tag('value', v.value)}</CallVariable>`).join('')}</callvariables>` : '';
      media = `<mediaProperties>${tag('wrapUpReason', o.wrapUpReason)}${vars}</mediaProperties>`;
    }
    const body = `<Dialog>${tag('requestedAction', action)}${tag('toAddress', o.toAddress)}${tag('targetMediaAddress', o.targetMediaAddress)}${media}</Dialog>`;
    return this.#send('PUT', `/finesse/api/Dialog/${encodeURIComponent(dialogId)}`, body);
  }

  /** "Send Error Report": POST the client log (finesse-api.md §2.6; at most 1,048,576 characters). */
  clientLog(logData: string): Promise<RestResult<void>> {
    const text = logData.length > 1_000_000 ? logData.slice(logData.length - 1_000_000) : logData;
    return this.#send('POST', `/finesse/api/User/${encodeURIComponent(this.userId)}/ClientLog`, `<ClientLog><logData>${esc(text)}</logData></ClientLog>`);
  }
}

/** The first ApiError's message, or a short description of the failure (for logs, not for agents). */
export function describeRestError(e: RestError): string {
  switch (e.kind) {
    case 'http': {
      const a = e.errors[0];
      return a ? `HTTP ${e.status} ${a.errorType}: ${a.errorMessage}${a.errorData ? ` (${a.errorData})` : ''}` : `HTTP ${e.status}`;
    }
    case 'network': return `network error: ${e.message}`;
    case 'timeout': return `no answer within ${e.ms} ms`;
    case 'bad-response': return e.message;
  }
}
