// The BOSH wire format: a parsed request `<body/>` → a typed request, and typed replies → `<body/>` text.
// Pure: no clock, no sockets, no session state.
//
// [XEP-0124] https://xmpp.org/extensions/xep-0124.html (BOSH 1.11.2)
// [XEP-0206] https://xmpp.org/extensions/xep-0206.html (XMPP over BOSH 1.4)
// [notification-service] §0.3 (the Finesse creation exchange), §2.1 B1–B19, §2.2 X1–X5
import type { Element } from '../../../xml/element.js';
import { escapeAttr } from '../../../xml/escape.js';
import { serialize } from '../../../xml/element.js';
import { NS_BOSH, NS_CLIENT, NS_STREAM, NS_XBOSH } from '../../../xml/ns.js';
import { err, ok, type Result } from '../../../shared/result.js';

/** [XEP-0124] §17.2 terminal binding conditions. */
export type TerminalCondition =
  | 'bad-request' | 'host-gone' | 'host-unknown' | 'improper-addressing' | 'internal-server-error'
  | 'item-not-found' | 'other-request' | 'policy-violation' | 'remote-connection-failed'
  | 'remote-stream-error' | 'see-other-uri' | 'system-shutdown' | 'undefined-condition';

/** The highest BOSH version Parley speaks ([XEP-0124] 1.11). */
export const BOSH_VERSION = '1.11';

/** [XEP-0124] §14.1: a rid is at most 2^53-1, so it is a safe integer (B16). */
export const MAX_RID = Number.MAX_SAFE_INTEGER;

/** One client request, as the state machine sees it. Unknown attributes (`route`, `stream`, …) are ignored (B19). */
export interface BoshRequest {
  readonly rid: number;
  readonly sid: string | undefined;
  readonly isTerminate: boolean;
  /** `xmpp:restart='true'` ([XEP-0206] §5, X3). */
  readonly isRestart: boolean;
  readonly to: string | undefined;
  readonly lang: string | undefined;
  readonly ver: string | undefined;
  readonly wait: number | undefined;
  readonly hold: number | undefined;
  readonly content: string | undefined;
  readonly ack: number | undefined;
  readonly pause: number | undefined;
  readonly key: string | undefined;
  readonly newkey: string | undefined;
  readonly xmppVersion: string | undefined;
  readonly payloads: readonly Element[];
}

const DIGITS = /^[0-9]{1,20}$/;
const SMALL_INT = /^[0-9]{1,9}$/;
const HEX_KEY = /^[0-9a-fA-F]{40}$/;
const VERSION = /^([0-9]{1,4})\.([0-9]{1,4})$/;
const CONTENT_TYPE = /^[a-z0-9.+-]+\/[a-z0-9.+-]+(\s*;\s*charset=[a-z0-9_-]+)?$/i;

/** A rid or ack: digits only, at most 2^53-1 (never negative, never int32-truncated). */
export function parseRid(text: string | undefined): number | undefined {
  if (text === undefined || !DIGITS.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) && n <= MAX_RID ? n : undefined;
}

function smallInt(text: string | undefined, name: string): Result<number | undefined, 'bad-request'> {
  if (text === undefined) return ok(undefined);
  return SMALL_INT.test(text) ? ok(Number(text)) : err('bad-request', `${name} must be a non-negative integer`);
}

/** The prefix the body binds to urn:xmpp:xbosh (clients write `xmpp`, but any prefix is legal). */
function xboshPrefix(body: Element): string {
  for (const [k, v] of Object.entries(body.attrs)) if (k.startsWith('xmlns:') && v === NS_XBOSH) return k.slice(6);
  return 'xmpp';
}

/**
 * COMPAT: a payload written without its own xmlns inherits the body's namespace; Prosody treats such
 * elements as jabber:client, and so does Parley ([XEP-0206] §4 requires jabber:client anyway).
 */
function toClientNamespace(el: Element): Element {
  if (el.ns === NS_BOSH) el.ns = NS_CLIENT;
  for (const c of el.children) if (typeof c !== 'string') toClientNamespace(c);
  return el;
}

/** Reads a parsed `<body/>` ([XEP-0124] §7, §8). Only syntax is checked here; the session checks semantics. */
export function parseRequest(body: Element): Result<BoshRequest, 'bad-request'> {
  if (!body.is('body', NS_BOSH)) return err('bad-request', `expected <body xmlns='${NS_BOSH}'/>`);
  const a = body.attrs;
  const rid = parseRid(a.rid);
  if (rid === undefined) return err('bad-request', 'rid must be an integer from 0 to 2^53-1');
  // B2: no character data directly inside <body/>.
  if (body.text().trim() !== '') return err('bad-request', 'character data directly inside <body/>');
  const wait = smallInt(a.wait, 'wait');
  const hold = smallInt(a.hold, 'hold');
  const pause = smallInt(a.pause, 'pause');
  for (const r of [wait, hold, pause]) if (!r.ok) return r;
  const ackText = a.ack;
  const ack = parseRid(ackText);
  if (ackText !== undefined && ack === undefined) return err('bad-request', 'ack must be an integer from 0 to 2^53-1');
  for (const k of ['key', 'newkey'] as const) {
    if (a[k] !== undefined && !HEX_KEY.test(a[k])) return err('bad-request', `${k} must be 40 hexadecimal digits`);
  }
  const prefix = xboshPrefix(body);
  return ok({
    rid,
    sid: a.sid,
    isTerminate: a.type === 'terminate',
    isRestart: a[`${prefix}:restart`] === 'true',
    to: a.to,
    lang: a['xml:lang'],
    ver: a.ver,
    wait: wait.ok ? wait.value : undefined,
    hold: hold.ok ? hold.value : undefined,
    content: a.content !== undefined && CONTENT_TYPE.test(a.content) ? a.content : undefined,
    ack,
    pause: pause.ok ? pause.value : undefined,
    key: a.key?.toLowerCase(),
    newkey: a.newkey?.toLowerCase(),
    xmppVersion: a[`${prefix}:version`],
    payloads: body.elements().map(toClientNamespace),
  });
}

/** [XEP-0124] §5: the lower of the client's `ver` and ours; a malformed `ver` gets ours. */
export function negotiateVersion(clientVer: string): string {
  const m = VERSION.exec(clientVer);
  const ours = VERSION.exec(BOSH_VERSION)!;
  if (!m) return BOSH_VERSION;
  const [cMaj, cMin] = [Number(m[1]), Number(m[2])];
  const [oMaj, oMin] = [Number(ours[1]), Number(ours[2])];
  return cMaj < oMaj || (cMaj === oMaj && cMin < oMin) ? `${cMaj}.${cMin}` : BOSH_VERSION;
}

// ---- building replies ----

/** A payload serialized once, when it was queued: the session measures and replays text. */
export interface Payload {
  readonly el: Element;
  readonly xml: string;
}

/** Serializes a stanza namespace-complete, as [XEP-0206] §5 requires inside `<body/>`. */
export function toPayload(el: Element): Payload {
  return { el, xml: serialize(el) };
}

type BodyAttrs = Record<string, string | number | undefined>;

/** `<body xmlns=httpbind …>payloads</body>`; declares xmlns:stream when a payload needs it (X2). */
function body(attrs: BodyAttrs, payloads: readonly Payload[]): string {
  let s = `<body xmlns='${NS_BOSH}'`;
  const all: BodyAttrs = { ...attrs };
  if (payloads.some((p) => p.el.prefix === 'stream') && all['xmlns:stream'] === undefined) all['xmlns:stream'] = NS_STREAM;
  for (const [k, v] of Object.entries(all)) if (v !== undefined) s += ` ${k}='${escapeAttr(String(v))}'`;
  if (payloads.length === 0) return `${s}/>`;
  return `${s}>${payloads.map((p) => p.xml).join('')}</body>`;
}

/** What the creation response advertises ([notification-service] §0.3 "Parley", B4, X1, X3, [decisions] 2 and 4). */
export interface CreationParams {
  sid: string;
  authid: string;
  requests: number;
  inactivityS: number;
  pollingS: number;
  waitS: number;
  hold: number;
  /** Omitted for legacy clients (no `ver` in the request). */
  ver: string | undefined;
  /** 0 = pausing not offered, no `maxpause` attribute. */
  maxPauseS: number;
  /** The creation request's rid ([decisions] 2: always, a known client checks it). */
  ack: number;
  from: string;
}

export function creationBody(p: CreationParams, payloads: readonly Payload[]): string {
  return body({
    sid: p.sid,
    authid: p.authid,
    secure: 'true',
    requests: p.requests,
    inactivity: p.inactivityS,
    polling: p.pollingS,
    wait: p.waitS,
    hold: p.hold,
    ver: p.ver,
    maxpause: p.maxPauseS > 0 ? p.maxPauseS : undefined,
    ack: p.ack,
    from: p.from,
    'xmpp:version': '1.0',
    'xmpp:restartlogic': 'true',
    'xmlns:xmpp': NS_XBOSH,
    'xmlns:stream': NS_STREAM,
  }, payloads);
}

/** A normal reply: payloads (possibly none); `ack` only where §9.1 wants it (the caller decides). */
export function responseBody(payloads: readonly Payload[], ack?: number): string {
  return body({ ack }, payloads);
}

/**
 * The one terminate body ([XEP-0124] §13, §17.2): no condition for a graceful end; `remote-stream-error`
 * carries the `<stream:error/>` and declares xmlns:stream ([XEP-0206] §7, X2).
 */
export function terminateBody(condition?: TerminalCondition, streamError?: Element): string {
  const payloads = condition === 'remote-stream-error' && streamError ? [toPayload(streamError)] : [];
  return body({ type: 'terminate', condition }, payloads);
}

/** [XEP-0124] §17.3 recoverable binding condition: the client resends its unanswered requests. */
export function recoverableErrorBody(): string {
  return body({ type: 'error' }, []);
}

/** Legacy clients (no `ver`) get these HTTP errors instead of the terminal conditions ([XEP-0124] §17.1). */
export const LEGACY_HTTP_STATUS: Partial<Record<TerminalCondition, number>> = {
  'bad-request': 400,
  'policy-violation': 403,
  'item-not-found': 404,
};

export function httpStatusFor(condition: TerminalCondition | undefined, isLegacy: boolean): number {
  return (isLegacy && condition !== undefined && LEGACY_HTTP_STATUS[condition]) || 200;
}
