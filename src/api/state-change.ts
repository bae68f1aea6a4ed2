// Turns a User PUT body into the SetAgentState command, or the synchronous error Finesse answers
// ([finesse-api] §2.2 sign in / change state, §3 client-requestable states and supervisor rules).
// What is legal from the current state beyond these checks is the contact center's to decide. Pure.
import type { AgentState, AgentStatus, SetAgentStateCommand } from '../contact-center/contact-center.js';
import type { ReasonCategory } from '../storage/stores.js';
import type { ActingAs } from './access.js';
import type { ApiDirectory } from './directory.js';
import { apiError, type ApiError } from './errors.js';
import { supervisorReasonCode, type DeploymentType } from './system-reason-codes.js';
import type { UserUpdate } from './xml/requests.js';

const REQUESTABLE = ['LOGIN', 'READY', 'NOT_READY', 'LOGOUT'] as const;
type Requestable = (typeof REQUESTABLE)[number];

/** Extensions are dial strings: digits, and * # + as some dial plans use them. */
const EXTENSION = /^[0-9*#+]{1,32}$/;

/** From which states a supervisor may move a team member ([finesse-api] §3 "Supervisor rules"). */
const SUPERVISOR_FROM: Readonly<Record<Exclude<Requestable, 'LOGIN'>, readonly AgentState[]>> = {
  NOT_READY: ['READY', 'WORK', 'WORK_READY'],
  LOGOUT: ['READY', 'NOT_READY', 'RESERVED', 'RESERVED_OUTBOUND', 'RESERVED_OUTBOUND_PREVIEW', 'TALKING', 'HOLD', 'WORK', 'WORK_READY'],
  READY: ['NOT_READY', 'WORK', 'WORK_READY'],
};

export interface StateChangeInput {
  readonly update: UserUpdate;
  readonly agentId: string;
  readonly as: ActingAs;
  readonly current: AgentStatus;
  readonly dir: ApiDirectory;
  readonly deployment: DeploymentType;
  /** Whether another signed-in agent uses this extension. */
  readonly extensionInUse: (extension: string) => boolean;
  readonly requestId: string | undefined;
}

const clip = (s: string): string => s.slice(0, 64);

export function planStateChange(i: StateChangeInput): { ok: true; command: SetAgentStateCommand } | { ok: false; error: ApiError } {
  const fail = (error: ApiError) => ({ ok: false as const, error });
  const { state, extension, reasonCodeId } = i.update;
  if (state === undefined) return fail(apiError.parameterMissing('state'));
  if (!(REQUESTABLE as readonly string[]).includes(state)) return fail(apiError.invalidState('Invalid state specified', clip(state)));
  const requested = state as Requestable;
  const base = { agentId: i.agentId, requestId: i.requestId };

  if (i.as === 'supervisor') {
    if (requested === 'LOGIN') return fail(apiError.invalidState('A supervisor cannot sign in another user', 'LOGIN'));
    if (reasonCodeId !== undefined) return fail(apiError.invalidInput('A supervisor must not send a reasonCodeId', clip(reasonCodeId)));
    if (!SUPERVISOR_FROM[requested].includes(i.current.state)) {
      return fail(apiError.invalidState(`Cannot change a user from ${i.current.state} to ${requested}`, i.current.state));
    }
    const command: SetAgentStateCommand = requested === 'READY'
      ? { ...base, state: requested }
      : { ...base, state: requested, reasonCode: supervisorReasonCode(i.deployment, requested) };
    return { ok: true, command };
  }

  if (requested === 'LOGIN') {
    if (extension === undefined) return fail(apiError.parameterMissing('extension'));
    if (!EXTENSION.test(extension)) return fail(apiError.badRequest('Invalid extension', clip(extension)));
    if (i.extensionInUse(extension)) return fail(apiError.badRequest('Extension in use by another user', extension));
    return { ok: true, command: { ...base, state: 'LOGIN', extension } };
  }
  if (requested === 'READY' || reasonCodeId === undefined || reasonCodeId === '-1') {
    return { ok: true, command: { ...base, state: requested } };
  }
  const category: ReasonCategory = requested;
  const rc = i.dir.reasonCode(reasonCodeId);
  if (!rc || rc.category !== category) return fail(apiError.invalidInput(`Invalid reasonCodeId for ${category}`, clip(reasonCodeId)));
  return { ok: true, command: { ...base, state: requested, reasonCode: rc.code } };
}
