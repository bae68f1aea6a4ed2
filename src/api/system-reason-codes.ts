// System reason codes: not configurable, not returned by the ReasonCode APIs, but shown in User objects
// and events ([finesse-api] §2.2 "Reason codes", from Cisco's UCCE list and the UCCX codes). Pure data.
import type { ReasonCategory } from '../storage/stores.js';

export type DeploymentType = 'UCCE' | 'UCCX';

/** The reason code the server uses when a supervisor forces an agent NOT_READY or out ([finesse-api] §3). */
export function supervisorReasonCode(deployment: DeploymentType, state: 'NOT_READY' | 'LOGOUT'): number {
  if (deployment === 'UCCE') return 999;
  return state === 'NOT_READY' ? 33 : 22;
}

const NOT_READY_LABELS: ReadonlyMap<number, string> = new Map([
  [33, 'Supervisor Initiated'],
  [999, 'Supervisor Initiated'],
  [20001, 'Starting Force Logout'],
  [20003, 'Agent Logout Request'],
  [32762, 'Offhook'],
  [32767, 'Call Not Answered'],
  [50002, 'Connection Failure'],
  [50005, 'Non ACD Busy'],
  [50006, 'Outbound Call'],
  [50010, 'Call Overlap'],
  [50041, 'Mobile Agent Call Not Answered'],
  [65533, 'Extension Modified'],
  [65534, 'System Reset'],
  [65535, 'System Reinitialized'],
]);

const LOGOUT_LABELS: ReadonlyMap<number, string> = new Map([
  [22, 'Supervisor Initiated'],
  [255, 'Connection Failure'],
  [999, 'Supervisor Initiated'],
  [20002, 'Force Logout'],
  [50001, 'System Disconnect'],
  [50002, 'System Failure'],
  [50003, 'Device Error'],
  [50004, 'Inactivity Timeout'],
  [50020, 'Queue Change'],
  [50030, 'Device Conflict'],
  [50040, 'Mobile Agent Call Fail'],
  [50042, 'Mobile Agent Disconnect'],
]);

/** The label of a system reason code, or a generic one for a code nobody configured. */
export function systemReasonLabel(category: ReasonCategory, code: number): string {
  const label = (category === 'LOGOUT' ? LOGOUT_LABELS : NOT_READY_LABELS).get(code);
  return label ?? `System code ${code}`;
}
