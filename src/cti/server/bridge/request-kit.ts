// Shared pieces of the request handlers: the FAILURE_CONF builder, the PeripheralID check, and
// finding the agent a request names (AgentID, AgentInstrument or the connection's device).
import type { Acd, AcdResult, AgentSnapshot } from '../../acd/index.js';
import { FailureStatus, Special, type CtiMessage } from '../../codec/index.js';
import { failureStatusOf } from './wire-ids.js';

export interface RequestContext {
  readonly acd: Acd;
  readonly peripheralId: number;
  /** The agent a Client Events session is bound to: the default for requests that name none. */
  readonly boundAgentId: string | undefined;
}

export type Reply = CtiMessage;

export function failure(invokeId: number, status: number, text: string): Reply {
  return { type: 'FAILURE_CONF', invokeId, status, text: text.slice(0, 254) };
}

/** FAILURE_CONF for a refused ACD command. */
export function refused(invokeId: number, r: Extract<AcdResult<unknown>, { ok: false }>): Reply {
  return failure(invokeId, failureStatusOf(r.error, r.text), r.text ? `${r.error}: ${r.text}` : r.error);
}

/** A request for another peripheral (0xFFFFFFFF means "the default one"). */
export function wrongPeripheral(ctx: RequestContext, invokeId: number, peripheralId: number): Reply | undefined {
  if (peripheralId === ctx.peripheralId || peripheralId === Special.NULL_PERIPHERAL_ID) return undefined;
  return failure(invokeId, FailureStatus.E_CTI_INVALID_PERIPHERAL_ID, `peripheral ${peripheralId} is not ${ctx.peripheralId}`);
}

export interface AgentNames {
  agentId?: string | undefined;
  agentIdLong?: string | undefined;
  /** AgentInstrument, AgentExtension or the ConnectionDeviceID of a call request. */
  instruments?: readonly (string | undefined)[];
}

/**
 * The agent a request names: by AgentID when given, else by the first instrument that is an agent's
 * extension, else the session's bound agent. Names that disagree are E_CTI_INCONSISTENT_AGENT_DATA.
 */
export function findAgent(ctx: RequestContext, invokeId: number, names: AgentNames): { agent: AgentSnapshot } | { reply: Reply } {
  const id = names.agentIdLong || names.agentId;
  const instruments = (names.instruments ?? []).filter((x): x is string => x !== undefined && x !== '');
  if (id) {
    const agent = ctx.acd.agent(id);
    if (!agent) return { reply: failure(invokeId, FailureStatus.E_CTI_INVALID_AGENT_DATA, `unknown agent ${id}`) };
    if (instruments[0] !== undefined && instruments[0] !== agent.extension) {
      return { reply: failure(invokeId, FailureStatus.E_CTI_INCONSISTENT_AGENT_DATA, `instrument ${instruments[0]} is not agent ${id}'s (${agent.extension})`) };
    }
    return { agent };
  }
  for (const instrument of instruments) {
    const agent = ctx.acd.agentByExtension(instrument);
    if (agent) return { agent };
  }
  if (instruments.length > 0) return { reply: failure(invokeId, FailureStatus.E_CTI_INVALID_AGENT_DATA, `no agent at instrument ${instruments[0]}`) };
  const bound = ctx.boundAgentId === undefined ? undefined : ctx.acd.agent(ctx.boundAgentId);
  if (bound) return { agent: bound };
  return { reply: failure(invokeId, FailureStatus.E_CTI_REQUIRED_DATA_MISSING, 'no AgentID or AgentInstrument') };
}

/** E_CTI_AGENT_NOT_LOGGED_ON for a logged-out agent. */
export function notLoggedOn(invokeId: number, agent: AgentSnapshot): Reply | undefined {
  return agent.state === 'LOGOUT' ? failure(invokeId, FailureStatus.E_CTI_AGENT_NOT_LOGGED_ON, `agent ${agent.agentId} is not logged on`) : undefined;
}
