// Shared fixtures for the SASL tests: the RFC example user and a small user table.
import { scramKeys, type Credentials } from '../../auth/credentials.js';
import type { SaslDeps } from './mechanism.js';

/** [RFC 5802] §5 (SHA-1) and [RFC 7677] §3 (SHA-256): user "user", password "pencil", 4096 iterations. */
export const RFC_SALT_SHA1 = 'QSXCR+Q6sek8bf92';
export const RFC_SALT_SHA256 = 'W22ZaJ0SNY7soEsUEjb6gQ==';

export function rfcCredentials(): Credentials {
  return {
    'SHA-1': scramKeys('SHA-1', 'pencil', Buffer.from(RFC_SALT_SHA1, 'base64'), 4096),
    'SHA-256': scramKeys('SHA-256', 'pencil', Buffer.from(RFC_SALT_SHA256, 'base64'), 4096),
  };
}

/** Deps whose lookup knows exactly the given users; records every name it was asked for. */
export function depsWith(users: Record<string, Credentials>, extra: Partial<SaslDeps> = {}): SaslDeps & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    lookup: (name) => {
      asked.push(name);
      return Object.hasOwn(users, name) ? users[name] : undefined;
    },
    ...extra,
  };
}
