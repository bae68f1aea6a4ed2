// Who is logging in, and as whom: usernames and authorization identities, shared by PLAIN and SCRAM.
// Parley's usernames are JID localparts ([RFC 7622] §3.3) with the practical normalization of
// src/xmpp/jid.ts: NFC, then lower-case ([notification-service] §2.4).
import { isUtf8 } from 'node:buffer';
import { parseJid } from '../jid.js';

/** [RFC 7622] §3.3.1: a localpart is at most 1023 octets. */
export const MAX_USERNAME_OCTETS = 1023;

/** The form `SaslDeps.lookup` receives and `success` reports. */
export function normalizeUsername(raw: string): string {
  return raw.normalize('NFC').toLowerCase();
}

/**
 * True when `authzid` asks for nothing beyond the authenticated user: empty, the username itself, or the
 * user's bare JID ([RFC 6120] §6.3.8; Parley grants no proxy authorization, so anything else is refused).
 */
export function isOwnAuthzid(authzid: string, username: string, domain?: string): boolean {
  if (authzid === '') return true;
  if (!authzid.includes('@')) return normalizeUsername(authzid) === username;
  const jid = parseJid(authzid);
  if (!jid || !jid.isBare || jid.local !== username) return false;
  return domain === undefined || jid.domain === domain.normalize('NFC').toLowerCase();
}

/** The bytes as text when they are well-formed UTF-8 without NUL ([RFC 4616] §2, [RFC 5802] §7 value-safe-char). */
export function decodeText(bytes: Buffer): string | undefined {
  if (!isUtf8(bytes) || bytes.includes(0)) return undefined;
  return bytes.toString('utf8');
}
