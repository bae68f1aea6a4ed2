// Which sessions are bound to which JIDs (RFC 6120 §7). One full JID = one session: a new bind with the
// same full JID replaces the old session, which the caller closes with <conflict/> ([finesse-api] §5.1).
// Kept behind this small interface so a multi-node deployment can swap it (decisions.md 9).
import type { Element } from '../../xml/element.js';
import type { Jid } from '../jid.js';
import type { TransportKind } from '../transport/transport.js';

/** The view of a bound session that routing needs. */
export interface BoundSession {
  readonly id: string;
  readonly jid: Jid;
  readonly transportKind: TransportKind;
  /** Has sent initial presence and not become unavailable. */
  readonly isAvailable: boolean;
  readonly priority: number;
  deliver(stanza: Element): void;
}

export class SessionRegistry<S extends BoundSession = BoundSession> {
  #byFull = new Map<string, S>();
  #byBare = new Map<string, Set<S>>();

  /** Registers `session` under its full JID; returns the session it replaces, if any. */
  add(session: S): S | undefined {
    const full = session.jid.full;
    const previous = this.#byFull.get(full);
    if (previous) this.remove(previous);
    this.#byFull.set(full, session);
    const bare = session.jid.bare;
    let set = this.#byBare.get(bare);
    if (!set) this.#byBare.set(bare, (set = new Set()));
    set.add(session);
    return previous;
  }

  remove(session: S): boolean {
    const full = session.jid.full;
    if (this.#byFull.get(full) !== session) return false;
    this.#byFull.delete(full);
    const set = this.#byBare.get(session.jid.bare);
    set?.delete(session);
    if (set && set.size === 0) this.#byBare.delete(session.jid.bare);
    return true;
  }

  get(fullJid: string): S | undefined {
    return this.#byFull.get(fullJid);
  }

  sessionsOf(bareJid: string): S[] {
    return [...(this.#byBare.get(bareJid) ?? [])];
  }

  availableSessionsOf(bareJid: string): S[] {
    return this.sessionsOf(bareJid).filter((s) => s.isAvailable);
  }

  isAvailable(bareJid: string): boolean {
    for (const s of this.#byBare.get(bareJid) ?? []) if (s.isAvailable) return true;
    return false;
  }

  /** Bare JIDs with at least one available resource. */
  *availableBareJids(): Iterable<string> {
    for (const [bare, set] of this.#byBare) {
      for (const s of set) if (s.isAvailable) { yield bare; break; }
    }
  }

  all(): S[] {
    return [...this.#byFull.values()];
  }

  get size(): number {
    return this.#byFull.size;
  }

  countByTransport(): Record<TransportKind, number> {
    const counts: Record<TransportKind, number> = { tcp: 0, bosh: 0, websocket: 0 };
    for (const s of this.#byFull.values()) counts[s.transportKind]++;
    return counts;
  }
}
