// Who may read and act on whom ([finesse-api] §1.2, §3 supervisor rules): an agent only on itself, a
// supervisor also on the users of the teams it supervises, an administrator reads everything. Pure.
import type { UserRecord } from '../storage/stores.js';
import { apiError, type ApiError } from './errors.js';

export const isAdmin = (u: UserRecord): boolean => u.roles.includes('admin');

export function supervises(caller: UserRecord, target: UserRecord): boolean {
  return caller.roles.includes('supervisor') && target.teamId !== null && caller.supervisedTeamIds.includes(target.teamId);
}

export function supervisesTeam(caller: UserRecord, teamId: string): boolean {
  return caller.roles.includes('supervisor') && caller.supervisedTeamIds.includes(teamId);
}

/** Reading a user (GET User, its Dialogs, Queues): self, its supervisor, an administrator. */
export function mayRead(caller: UserRecord, target: UserRecord): ApiError | undefined {
  if (caller.id === target.id || isAdmin(caller) || supervises(caller, target)) return undefined;
  return caller.roles.includes('supervisor') ? apiError.invalidSupervisor(target.id) : apiError.wrongUser(target.id);
}

export type ActingAs = 'self' | 'supervisor';

/** Changing a user's state: self, or its supervisor (which then follows the supervisor rules). */
export function mayAct(caller: UserRecord, target: UserRecord): { ok: true; as: ActingAs } | { ok: false; error: ApiError } {
  if (caller.id === target.id) return { ok: true, as: 'self' };
  if (supervises(caller, target)) return { ok: true, as: 'supervisor' };
  return { ok: false, error: caller.roles.includes('supervisor') ? apiError.invalidSupervisor(target.id) : apiError.wrongUser(target.id) };
}
