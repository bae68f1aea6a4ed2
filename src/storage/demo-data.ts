// The demo data of [contract] "Demo data", seeded on the first start of an empty data directory:
// 20 agents in two teams, one supervisor of both teams, one administrator, queues Sales and Support,
// and the reason codes and wrap-up reasons a desktop needs to show its menus.
import { deriveCredentials } from '../auth/credentials.js';
import type { Logger } from '../shared/logger.js';
import type { QueueRecord, ReasonCodeRecord, Stores, TeamRecord, UserRecord, WrapUpReasonRecord } from './stores.js';

export { bulkAddAgents, type BulkAddOptions, type BulkAddError, type BulkAddOutcome } from './bulk-add.js';

/** The logout reason code of a forced logout (the desktop went away and the grace period ran out). */
export const FORCED_LOGOUT_CODE = 255;

export const DEMO_TEAMS: readonly TeamRecord[] = [{ id: '1', name: 'Team A' }, { id: '2', name: 'Team B' }];
export const DEMO_QUEUES: readonly QueueRecord[] = [{ id: '1', name: 'Sales' }, { id: '2', name: 'Support' }];

const AGENT_NAMES: readonly (readonly [string, string])[] = [
  ['Alice', 'Johnson'], ['Bruno', 'Silva'], ['Wei', 'Chen'], ['Dana', 'Kowalski'], ['Emeka', 'Okafor'],
  ['Fatima', 'Rahman'], ['Gabriel', 'Dubois'], ['Hannah', 'Schmidt'], ['Isabel', 'Moreno'], ['Jamal', 'Carter'],
  ['Keiko', 'Tanaka'], ['Liam', "O'Brien"], ['Maya', 'Patel'], ['Nikolai', 'Petrov'], ['Olivia', 'Bennett'],
  ['Pedro', 'Alvarez'], ['Quinn', 'Murphy'], ['Rosa', 'Lindqvist'], ['Samuel', 'Adeyemi'], ['Tara', 'Nguyen'],
];

const ALL_QUEUES = DEMO_QUEUES.map((q) => q.id);

interface DemoUser {
  user: UserRecord;
  password: string;
}

function demoUsers(): DemoUser[] {
  const agents = AGENT_NAMES.map(([firstName, lastName], i): DemoUser => {
    const id = String(1001001 + i);
    const user: UserRecord = {
      id, loginName: id, firstName, lastName, extension: id, roles: ['agent'],
      teamId: i < 10 ? '1' : '2', supervisedTeamIds: [], queueIds: [...ALL_QUEUES],
    };
    return { user, password: 'agent' };
  });
  const supervisor: UserRecord = {
    id: '1002001', loginName: '1002001', firstName: 'Victoria', lastName: 'Hughes', extension: '1002001',
    // Finesse supervisors are agents too: they log in to the desktop, go Ready and take calls.
    roles: ['agent', 'supervisor'], teamId: '1', supervisedTeamIds: ['1', '2'], queueIds: [...ALL_QUEUES],
  };
  const admin: UserRecord = {
    id: 'admin', loginName: 'admin', firstName: 'System', lastName: 'Administrator', extension: null,
    roles: ['admin'], teamId: null, supervisedTeamIds: [], queueIds: [],
  };
  return [...agents, { user: supervisor, password: 'supervisor' }, { user: admin, password: 'admin' }];
}

const notReady = (id: number, code: number, label: string): ReasonCodeRecord =>
  ({ id: String(id), category: 'NOT_READY', code, label, forAll: true, isSystemCode: false });
const logout = (id: number, code: number, label: string, isSystemCode = false): ReasonCodeRecord =>
  ({ id: String(id), category: 'LOGOUT', code, label, forAll: true, isSystemCode });

export const DEMO_REASON_CODES: readonly ReasonCodeRecord[] = [
  notReady(1, 1, 'Break'),
  notReady(2, 2, 'Lunch'),
  notReady(3, 3, 'Meeting'),
  notReady(4, 4, 'Training'),
  notReady(5, 5, 'Coaching'),
  notReady(6, 6, 'Back office work'),
  logout(7, 1, 'End of shift'),
  logout(8, 2, 'Sick'),
  logout(9, 3, 'Personal'),
  logout(10, 4, 'Off-site meeting'),
  logout(11, FORCED_LOGOUT_CODE, 'Forced logout', true),
];

export const DEMO_WRAP_UP_REASONS: readonly WrapUpReasonRecord[] = [
  'Sales inquiry', 'Order placed', 'Support resolved', 'Escalated to tier 2', 'Callback requested', 'Wrong number',
].map((label, i) => ({ id: String(i + 1), label, forAll: true }));

export interface SeedOptions {
  /** PBKDF2 iterations of the stored SCRAM keys (default that of deriveCredentials, 4096). */
  iterations?: number;
  log?: Logger;
}

export interface SeedOutcome {
  seeded: boolean;
  users: number;
}

/**
 * Writes the demo data when there are no users yet; otherwise changes nothing. Users are written
 * last, in one transaction with their credentials, so an interrupted seed is simply redone next time.
 */
export function seedDemoData(stores: Stores, opts: SeedOptions = {}): SeedOutcome {
  if (stores.users.count() > 0) return { seeded: false, users: 0 };
  for (const t of DEMO_TEAMS) stores.teams.put(t);
  for (const q of DEMO_QUEUES) stores.queues.put(q);
  for (const rc of DEMO_REASON_CODES) stores.reasonCodes.put(rc);
  for (const w of DEMO_WRAP_UP_REASONS) stores.wrapUpReasons.put(w);
  // CORS is switched on with empty allow-lists: nothing cross-origin is admitted until an origin is
  // added, and an added origin works at once (Cisco ships it off, so `allowed_origin add` alone did
  // nothing there: a frequent trap). `utils … cors disable` still turns a service off.
  for (const service of ['finesse', 'notification', 'livedata'] as const) stores.cors.setEnabled(service, true);
  const people = demoUsers();
  // Each user gets its own salt, so equal passwords do not give equal stored keys.
  const credentials = people.map((p) => deriveCredentials(p.password, opts.iterations));
  stores.users.putMany(people.map((p) => p.user), credentials);
  opts.log?.info(
    `Seeded demo data: ${people.length} users, ${DEMO_TEAMS.length} teams, ${DEMO_QUEUES.length} queues, ` +
      `${DEMO_REASON_CODES.length} reason codes, ${DEMO_WRAP_UP_REASONS.length} wrap-up reasons`,
  );
  return { seeded: true, users: people.length };
}
