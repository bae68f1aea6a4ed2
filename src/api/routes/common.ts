// Helpers shared by the route handlers: the target user of a /User/<id>/… path, body → element.
import type { Element } from '../../xml/element.js';
import type { UserRecord } from '../../storage/stores.js';
import { mayRead } from '../access.js';
import { apiError, type ApiError } from '../errors.js';
import type { ApiDeps, ApiRequest } from '../route-types.js';
import { parseRoot } from '../xml/requests.js';

export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

/** The user named by `:id` (login id or login name), which the caller must be allowed to read. */
export function readableUser(req: ApiRequest, deps: ApiDeps): Outcome<UserRecord> {
  const id = req.params.id ?? '';
  const target = deps.dir.user(id);
  if (!target) return { ok: false, error: apiError.userNotFound(id) };
  const denied = mayRead(req.caller!, target);
  return denied ? { ok: false, error: denied } : { ok: true, value: target };
}

/** Reads and parses the request body, whose root must be `root`. */
export async function bodyElement(req: ApiRequest, deps: ApiDeps, root: string, limit = deps.settings.maxBodyBytes): Promise<Outcome<Element>> {
  const body = await req.readBody(limit);
  if (!body.ok) return body;
  const parsed = parseRoot(body.body, root, limit);
  return parsed.ok ? { ok: true, value: parsed.value } : parsed;
}
