// Sign-in failures in plain words: the credential check at /desktop/whoami (which, unlike the REST
// API, tells a locked account apart) and the mapping of REST failures to sentences an agent can act on.
import { basicAuthorization, describeRestError, type RestError } from '../lib/rest-client.js';
import type { ApiError } from '../lib/finesse-objects.js';
import type { FinesseSession } from '../lib/session.js';
import type { MessageKey } from './i18n.js';

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export async function checkCredentials(s: FinesseSession): Promise<'ok' | 'locked' | 'wrong' | 'unreachable'> {
  try {
    const res = await fetch('/desktop/whoami', { headers: { authorization: basicAuthorization(s.o.credentials), accept: 'application/json' }, credentials: 'omit' });
    if (res.ok) return 'ok';
    if (res.status === 401) {
      const body = await res.json().catch(() => ({})) as { error?: string };
      return body.error === 'locked' ? 'locked' : 'wrong';
    }
    return 'ok'; // an older server without the check: the REST API decides
  } catch {
    return 'unreachable';
  }
}

export function errorText(errors: ApiError[]): string {
  return errors.map((e) => [e.errorType, e.errorMessage, e.errorData].filter(Boolean).join(' ')).join('; ');
}

export function extensionError(t: Translate, errors: ApiError[], ext: string): string {
  const all = errorText(errors);
  if (/in use|already|busy|conflict|ALREADY_LOGGED|DEVICE_IN_USE/i.test(all)) return t('signin.extensionInUse', { ext });
  if (/invalid extension|Invalid Device|CF_INVALID_LOGON_DEVICE|CF_.*(DEVICE|INSTRUMENT)/i.test(all)) return t('signin.badExtension', { ext });
  return t('signin.invalidExtension', { ext, detail: all || 'unknown reason' });
}

/** Plain words for a failed REST call during sign-in. */
export function signInError(t: Translate, e: RestError, ext: string): string {
  if (e.kind === 'network') return t('signin.unreachable');
  if (e.kind === 'timeout') return t('signin.timeout');
  if (e.kind === 'bad-response') return t('signin.failed', { detail: e.message });
  const all = `${errorText(e.errors)} ${e.text}`;
  if (e.status === 401 || e.status === 403) return /lock/i.test(all) ? t('signin.locked') : t('signin.wrongCredentials');
  if (e.status === 503) return t('signin.unavailable');
  if (e.status === 400 || e.status === 409) return extensionError(t, e.errors, ext);
  return t('signin.failed', { detail: describeRestError(e) });
}
