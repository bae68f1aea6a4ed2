// JIDs per RFC 7622: localpart@domainpart/resourcepart. Parley's users have Finesse-style ids, so the
// normalization is the practical subset: NFC, case-folded localpart and domain, the localpart's forbidden
// characters refused, each part 1..1023 octets ([notification-service] §2.4).

export class Jid {
  readonly local: string;
  readonly domain: string;
  readonly resource: string;

  constructor(local: string, domain: string, resource = '') {
    this.local = local;
    this.domain = domain;
    this.resource = resource;
  }

  get bare(): string {
    return this.local ? `${this.local}@${this.domain}` : this.domain;
  }

  get full(): string {
    return this.resource ? `${this.bare}/${this.resource}` : this.bare;
  }

  get isBare(): boolean {
    return this.resource === '';
  }

  toBare(): Jid {
    return this.resource ? new Jid(this.local, this.domain) : this;
  }

  withResource(resource: string): Jid {
    return new Jid(this.local, this.domain, resource);
  }

  equals(other: Jid): boolean {
    return this.full === other.full;
  }

  toString(): string {
    return this.full;
  }
}

const LOCAL_FORBIDDEN = /["&'/:<>@\s\p{Cc}]/u;
const DOMAIN_ALLOWED = /^(?:\[[0-9a-f:.]+\]|[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*)$/u;
const octets = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Parses and normalizes a JID; returns undefined when it is not a valid JID ("jid-malformed"). */
export function parseJid(input: string): Jid | undefined {
  if (typeof input !== 'string' || input.length === 0 || input.length > 3071) return undefined;
  const s = input.normalize('NFC');
  const slash = s.indexOf('/');
  const head = slash < 0 ? s : s.slice(0, slash);
  const resource = slash < 0 ? '' : s.slice(slash + 1);
  const at = head.indexOf('@');
  const local = at < 0 ? '' : head.slice(0, at).toLowerCase();
  let domain = (at < 0 ? head : head.slice(at + 1)).toLowerCase();
  if (domain.endsWith('.')) domain = domain.slice(0, -1);
  if (at >= 0 && (local === '' || octets(local) > 1023 || LOCAL_FORBIDDEN.test(local))) return undefined;
  if (domain === '' || octets(domain) > 1023 || !DOMAIN_ALLOWED.test(domain)) return undefined;
  if (slash >= 0 && (resource === '' || octets(resource) > 1023 || /\p{Cc}/u.test(resource))) return undefined;
  return new Jid(local, domain, resource);
}

/** Bare form of a JID string, or undefined if malformed. */
export function bareOf(input: string): string | undefined {
  return parseJid(input)?.bare;
}
