// The supervisor's teams (explicit subscription to /finesse/api/Team/<id>/Users, per-user events
// merged into the team) and the queue statistics (GET /User/<id>/Queues, explicit subscriptions to
// /finesse/api/Queue/<id>; Queue events are taken from whichever node they arrive on).
import { parseQueue, parseTeam, parseTeamMember, type Queue, type Team, type User } from '../lib/finesse-objects.js';
import type { FinesseSession } from '../lib/session.js';
import type { Update } from '../lib/update.js';

export interface SupervisionHost {
  session: FinesseSession | undefined;
  user: User | undefined;
  teams: Map<string, Team>;
  selectedTeam: string;
  queues: Map<string, Queue>;
  emit(topic: 'team' | 'queues'): void;
}

/** `keep` receives what undoes each subscription (called at sign-out). */
export async function loadTeams(host: SupervisionHost, keep: (off: () => void) => void): Promise<void> {
  const s = host.session;
  const teams = host.user?.teams ?? [];
  if (!s || !teams.length) return;
  for (const ref of teams) {
    const node = `/finesse/api/Team/${ref.id}/Users`;
    const refresh = async (): Promise<void> => {
      const r = await s.rest.team(ref.id);
      if (r.ok) { host.teams.set(ref.id, { ...r.value, name: r.value.name || ref.name }); host.emit('team'); }
    };
    keep(s.track({ node, explicit: true, refresh }));
    keep(s.onNode(node, (up) => applyTeamUpdate(host, ref.id, up)));
    await refresh();
  }
  if (!host.selectedTeam) host.selectedTeam = teams[0]!.id;
  host.emit('team');
}

export function applyTeamUpdate(host: SupervisionHost, teamId: string, up: Update): void {
  if (!up.data) return;
  const team = host.teams.get(teamId);
  if (up.dataType === 'team') { host.teams.set(teamId, parseTeam(up.data)); host.emit('team'); return; }
  if (up.dataType !== 'user' || !team) return;
  const m = parseTeamMember(up.data);
  const i = team.users.findIndex((u) => u.id === m.id);
  const old = team.users[i];
  const merged = old ? { ...old, ...m, firstName: m.firstName || old.firstName, lastName: m.lastName || old.lastName, extension: m.state === 'LOGOUT' ? '' : (m.extension || old.extension) } : m;
  const users = [...team.users];
  if (up.event === 'DELETE') { if (i >= 0) users.splice(i, 1); } else if (i >= 0) users[i] = merged; else users.push(merged);
  host.teams.set(teamId, { ...team, users });
  host.emit('team');
}

export async function loadQueues(host: SupervisionHost, keep: (off: () => void) => void): Promise<void> {
  const s = host.session;
  if (!s) return;
  const refresh = async (): Promise<void> => {
    const r = await s.rest.queues();
    if (!r.ok) return;
    host.queues = new Map(r.value.map((q) => [q.id, q]));
    host.emit('queues');
  };
  await refresh();
  keep(s.track({ node: `/finesse/api/User/${s.userId}/Queues`, explicit: true, refresh }));
  for (const q of host.queues.values()) keep(s.track({ node: `/finesse/api/Queue/${q.id}`, explicit: true, refresh: () => undefined }));
}

export function applyQueueUpdate(host: SupervisionHost, up: Update): void {
  if (!up.data) return;
  const q = parseQueue(up.data);
  if (!q.id) return;
  if (up.event === 'DELETE') host.queues.delete(q.id);
  else host.queues.set(q.id, { ...host.queues.get(q.id), ...q, name: q.name || host.queues.get(q.id)?.name || q.id });
  host.emit('queues');
}
