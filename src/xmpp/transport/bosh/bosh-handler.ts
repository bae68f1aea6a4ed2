// BOSH at /http-bind and /http-bind/ ([XEP-0124], [XEP-0206]): the HTTP glue. It checks the request
// (origin, method, size, XML), looks the session up by sid, and hands typed requests to its BoshSession;
// a request without sid creates a session (rate-limited per address) attached to a C2sSession through a
// BoshTransport. It also writes the notification log lines the product document quotes
// ([notification-service] §0.6, §0.7): the 30-second "last active" sweep (debug) and the idle closure (info).
// Sids never reach the logs: a short display id derived from the sid stands in for them (§2.8).
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Element } from '../../../xml/element.js';
import { parseElement, type ParseLimits } from '../../../xml/parse.js';
import type { Clock, TimerHandle } from '../../../shared/clock.js';
import type { Logger } from '../../../shared/logger.js';
import { createRateLimiter } from '../../../shared/rate-limit.js';
import type { HttpContext, HttpRoutes } from '../../../http/http-routes.js';
import type { CorsGate } from '../../../http/cors/cors-gate.js';
import type { Jid } from '../../jid.js';
import type { AttachableTransport } from '../../notification-service.js';
import { httpStatusFor, parseRequest, terminateBody, type BoshRequest, type TerminalCondition } from './bosh-codec.js';
import { BoshSession, type BoshLimits, type BoshReply, type Exchange } from './bosh-session.js';
import { BoshTransport } from './bosh-transport.js';
import {
  answerMethodNotAllowed, answerOptions, answerTooLarge, checkOrigin, readBody, writeReply, type Headers,
} from './bosh-http.js';

export const BOSH_PATHS = ['/http-bind', '/http-bind/'] as const;

export interface BoshSettings {
  limits: BoshLimits;
  /** Largest POST body read (413 beyond, [notification-service] §2.8). */
  maxBodyBytes: number;
  /** Stanza size and depth limits for the body's XML. */
  parse: ParseLimits;
  /** New sessions per client address and minute; 0 = unlimited. */
  maxCreationsPerAddressPerMinute: number;
}

/** What BOSH needs of the notification service. */
export interface BoshNotification {
  accept(transport: AttachableTransport): { readonly boundJid: Jid | undefined };
  reroute(stanza: Element): void;
}

export interface BoshFeatureDeps {
  routes: HttpRoutes;
  notification: BoshNotification;
  /** The shared CORS module: origin check, preflights and headers for the `notification` list. */
  originPolicy: CorsGate;
  domain: string;
  settings: BoshSettings;
  clock: Clock;
  log: Logger;
  /** CSPRNG session ids, ≥ 128 bits (B16). */
  randomSid?: () => string;
}

interface Entry {
  readonly session: BoshSession;
  readonly displayId: string;
  readonly remoteAddress: string;
  readonly isSecure: boolean;
  jid(): string;
  /** Clock time of the last "was last active" line, so the closure does not repeat the sweep's line. */
  lastActiveLoggedAt?: number;
}

/** Openfire's session sweep runs every 30 s; Parley writes its "last active" lines on the same cadence. */
export const SWEEP_INTERVAL_MS = 30_000;
const TOMBSTONES = 10_000;
const SID_BYTES = 20;

/** A short, stable stand-in for a sid in logs (the sid itself is a credential). */
export function displayId(sid: string): string {
  return createHash('sha256').update(sid).digest('hex').slice(0, 8);
}

const SID_IN_BROKEN_BODY = /<body\b[^>]*?\ssid\s*=\s*(['"])([^'"<>&]{1,128})\1/;

export function boshFeature(deps: BoshFeatureDeps) {
  const { settings, log, clock } = deps;
  const randomSid = deps.randomSid ?? (() => randomBytes(SID_BYTES).toString('hex'));
  const sessions = new Map<string, Entry>();
  /** Ended sids → whether the client was legacy, so a late request gets the right kind of item-not-found. */
  const ended = new Map<string, boolean>();
  const creations = createRateLimiter({ perMinute: settings.maxCreationsPerAddressPerMinute, clock });
  let stopping = false;
  const parseLimits: ParseLimits = { ...settings.parse, maxDepth: (settings.parse.maxDepth ?? 32) + 1 };

  const logLastActive = (e: Entry, agoMs: number): void => {
    e.lastActiveLoggedAt = clock.now();
    log.debug(`Session (id=${e.displayId}) was last active ${agoMs} ms ago: ${e.jid()}`);
  };
  const sweep: TimerHandle = clock.setInterval(function boshSweep() {
    if (!log.isDebugEnabled()) return;
    for (const e of sessions.values()) logLastActive(e, e.session.lastActiveAgo());
  }, SWEEP_INTERVAL_MS);

  const reply = (res: ServerResponse, cors: Headers) => (r: BoshReply): void => writeReply(res, r, cors, stopping);
  const terminate = (condition: TerminalCondition, isLegacy: boolean): BoshReply =>
    ({ body: terminateBody(condition), status: httpStatusFor(condition, isLegacy), contentType: 'text/xml; charset=utf-8' });

  function exchange(res: ServerResponse, cors: Headers, session: BoshSession): Exchange {
    let answered = false;
    const ex: Exchange = {
      respond(r) {
        if (answered) return;
        answered = true;
        writeReply(res, r, cors, stopping);
      },
    };
    res.once('close', () => {
      if (answered) return;
      answered = true;
      session.connectionClosed(ex);
    });
    return ex;
  }

  function create(req: BoshRequest, res: ServerResponse, ctx: HttpContext, cors: Headers, peer: string): void {
    const isLegacy = req.ver === undefined;
    const fail = (c: TerminalCondition): void => reply(res, cors)(terminate(c, isLegacy));
    if (!creations.take(ctx.remoteAddress)) {
      log.debug(`Refusing a BOSH session from ${peer}: more than ${settings.maxCreationsPerAddressPerMinute} per minute from one address`);
      return fail('policy-violation');
    }
    if (!req.to) return fail('improper-addressing');
    if (req.to.toLowerCase() !== deps.domain) return fail('host-unknown');
    const sid = randomSid();
    const session = new BoshSession(req, { sid, domain: deps.domain, limits: settings.limits, clock });
    let c2s: { readonly boundJid: Jid | undefined } | undefined;
    const entry: Entry = {
      session,
      displayId: displayId(sid),
      remoteAddress: peer,
      isSecure: ctx.isSecure,
      jid: () => c2s?.boundJid?.full ?? `${peer} (not authenticated)`,
    };
    const transport = new BoshTransport(session, {
      remoteAddress: peer,
      isSecure: ctx.isSecure,
      to: deps.domain,
      reroute: (el) => deps.notification.reroute(el),
      onEnding(end) {
        if (end.cause === 'inactivity') {
          // As in Openfire's reaper (§0.7): the session's last "last active" line, then the closure.
          if (log.isDebugEnabled() && entry.lastActiveLoggedAt !== clock.now()) logLastActive(entry, end.idleMs);
          log.info(`Closing idle session (id=${entry.displayId}): ${entry.jid()} after being inactive for more than threshold value of ${settings.limits.inactivityS}`);
        } else if (end.cause === 'violation') {
          log.info(`Closing BOSH session (id=${entry.displayId}): ${entry.jid()}: ${end.condition} (${end.text})`);
        }
      },
      onEnded() {
        sessions.delete(sid);
        ended.set(sid, session.isLegacy);
        for (const old of ended.keys()) {
          if (ended.size <= TOMBSTONES) break;
          ended.delete(old);
        }
      },
    });
    sessions.set(sid, entry);
    c2s = deps.notification.accept(transport);
    log.debug(`New BOSH session (id=${entry.displayId}) from ${peer}: wait ${session.waitS}, hold ${session.hold}, requests ${session.requests}`);
    session.start(req, exchange(res, cors, session), transport.events);
  }

  /** A body that is not well-formed or not a valid <body/>: bad-request, and its session (if any) ends. */
  function rejectBody(raw: Buffer, bodyEl: Element | undefined, res: ServerResponse, cors: Headers, text: string): void {
    const sid = bodyEl ? bodyEl.attr('sid') : SID_IN_BROKEN_BODY.exec(raw.toString('utf8', 0, 4096))?.[2];
    const entry = sid === undefined ? undefined : sessions.get(sid);
    if (!entry) return reply(res, cors)(terminate('bad-request', bodyEl !== undefined && bodyEl.attr('ver') === undefined && sid === undefined));
    entry.session.reject('bad-request', text, exchange(res, cors, entry.session));
  }

  function onBody(raw: Buffer, req: IncomingMessage, res: ServerResponse, ctx: HttpContext, cors: Headers): void {
    if (stopping) return reply(res, cors)(terminate('system-shutdown', false)); // B15: no new sessions, none left
    const parsed = parseElement(raw, parseLimits);
    if (!parsed.ok) return rejectBody(raw, undefined, res, cors, `${parsed.error}: ${parsed.text ?? ''}`);
    const request = parseRequest(parsed.value);
    if (!request.ok) return rejectBody(raw, parsed.value, res, cors, request.text ?? request.error);
    const r = request.value;
    const peer = `${ctx.remoteAddress}:${req.socket.remotePort ?? '?'}`;
    if (r.sid === undefined) return create(r, res, ctx, cors, peer);
    const entry = sessions.get(r.sid);
    if (!entry) {
      const wasLegacy = ended.get(r.sid) ?? false;
      return reply(res, cors)(terminate('item-not-found', wasLegacy));
    }
    // B17: a session created over HTTPS never continues over plain HTTP; close, do not terminate it.
    if (entry.isSecure && !ctx.isSecure) return void req.socket.destroy();
    if (log.isDebugEnabled()) log.debug(`HTTP bind request from ${peer} for session (id=${entry.displayId}): ${r.payloads.length} element(s)${r.isTerminate ? ', terminate' : ''}${r.isRestart ? ', restart' : ''}`);
    entry.session.receive(r, exchange(res, cors, entry.session));
  }

  deps.routes.route(BOSH_PATHS, function httpBind(req, res, ctx) {
    const cors = checkOrigin(req, res, ctx, deps.originPolicy);
    if (cors === undefined) return;
    if (req.method === 'OPTIONS') return answerOptions(res, cors);
    if (req.method !== 'POST') return answerMethodNotAllowed(res, cors);
    readBody(req, settings.maxBodyBytes, (body) => {
      if (body.ok) return onBody(body.body, req, res, ctx, cors);
      if (body.reason === 'too-large') answerTooLarge(req, res, settings.maxBodyBytes, cors);
    });
  });

  return {
    /** Open BOSH sessions (authenticated or not). */
    get sessionCount(): number {
      return sessions.size;
    },

    /**
     * Shutdown: no new sessions, replies close their connections, the sweep stops. The sessions themselves
     * end through notification.closeAll('system-shutdown'), which answers held requests with terminate.
     */
    stop(): void {
      stopping = true;
      sweep.cancel();
    },
  };
}

export type BoshFeature = ReturnType<typeof boshFeature>;
