// Human-readable renderings of CTI messages for the CTI-link log, in the style of the Finesse log
// lines that seed 000 quotes:
//
//   [cti_message=Invoke id :39 , agentstate : 1, workmode : 0, reason code: 255, forceflag :1,
//    agentcapacity: 1, agentext: 1001003, agentid: 1001003, supervisorid: null, ssoFlag=false]
//    [cti_message_name=SetAgentStateReq]
//   [cti_message=CTIAgentStateEvent [skillGroupState=1 (LOGOUT), …, MRDId=1, agentMode=0]
//    CTIMessageBean [invokeID=null, cti_sequence_id=105, msgID=30, timeTracker={…},
//    msgName=AgentStateEvent, deploymentType=CCX]]
//
// The glue owns the bracketed log envelope; this module renders the cti_message part.

import { agentStateLabel } from './enums.js';
import { MessageType, pascalName } from './message-types.js';
import { schemaByName, type CtiMessage, type CtiMessageOf } from './registry.js';

/** What the log adds around a received message (Finesse's CTIMessageBean). */
export interface CtiMessageBean {
  readonly sequenceId: number;
  /** Already serialized, e.g. `{"id":"AgentStateEvent","CTI_MSG_RECEIVED":1497638824642}`. */
  readonly timeTracker?: string;
  readonly deploymentType?: string;
}

const AGENT_STATE_FIELDS = new Set(['agentState', 'skillGroupState', 'nextAgentState', 'state']);

function text(v: unknown): string {
  return v === undefined ? 'null' : String(v);
}

function agentState(v: number | undefined): string {
  if (v === undefined) return 'null';
  const label = agentStateLabel(v);
  return label === undefined ? String(v) : `${v} (${label})`;
}

function value(name: string, v: unknown): string {
  if (v === undefined) return 'null';
  if (typeof v === 'number' && AGENT_STATE_FIELDS.has(name)) return agentState(v);
  if (v instanceof Uint8Array) return `0x${Buffer.from(v).toString('hex')}`;
  if (Array.isArray(v)) return `[${v.map((item) => value(name, item)).join(', ')}]`;
  if (typeof v === 'object') {
    return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}=${value(k, x)}`).join(', ')}}`;
  }
  return String(v);
}

/** Seed 000's SetAgentStateReq wording. "agentext" shows AgentInstrument, "agentcapacity" AgentServiceReq. */
function setAgentStateReq(m: CtiMessageOf<'SET_AGENT_STATE_REQ'>): string {
  return `Invoke id :${m.invokeId} , agentstate : ${m.agentState}, workmode : ${m.agentWorkMode}, ` +
    `reason code: ${m.eventReasonCode}, forceflag :${m.forcedFlag}, agentcapacity: ${m.agentServiceReq}, ` +
    `agentext: ${text(m.agentInstrument)}, agentid: ${text(m.agentId ?? m.agentIdLong)}, ` +
    `supervisorid: ${text(m.supervisorId)}, ssoFlag=${m.ssoEnabled === 1}`;
}

/** Seed 000's CTIAgentStateEvent wording (Finesse prints SkillGroupNumber as a signed int). */
function agentStateEvent(m: CtiMessageOf<'AGENT_STATE_EVENT'>): string {
  const groups = m.skillGroups ?? [];
  const items = [
    `skillGroupState=${agentState(m.skillGroupState)}`,
    `stateDuration=${m.stateDuration}`,
    `skillGroupNumber=${m.skillGroupNumber | 0}`,
    `skillGroupPriority=${m.skillGroupPriority}`,
    `agentState=${agentState(m.agentState)}`,
    `eventReasonCode=${m.eventReasonCode}`,
    `numFltSkillGroups=${groups.length}`,
    `CTIClientSignature=${text(m.ctiClientSignature)}`,
    `agentID=${text(m.agentId)}`,
    `agentExtension=${text(m.agentExtension)}`,
    `agentInstrument=${text(m.agentInstrument)}`,
    `agentID_Long=${text(m.agentIdLong)}`,
    `duration=${text(m.duration)}`,
    `nextAgentState=${agentState(m.nextAgentState)}`,
    `fltSkillGroupNumberList=[${groups.map((g) => g.number).join(', ')}]`,
    `fltSkillGroupIDList=[${groups.map((g) => g.id).join(', ')}]`,
    `fltSkillGroupPriorityList=[${groups.map((g) => g.priority).join(', ')}]`,
    `fltSkillGroupStateList=[${groups.map((g) => g.state).join(', ')}]`,
    `MRDId=${m.mrdId}`,
    `agentMode=${m.agentMode}`,
  ];
  return `CTIAgentStateEvent [${items.join(', ')}]`;
}

/** Every field in layout order; counts are shown as the number of entries they count. */
function generic(m: CtiMessage): string {
  const schema = schemaByName(m.type)!;
  const values = m as unknown as Record<string, unknown>;
  const items: string[] = [];
  for (const [name, f] of Object.entries(schema.fixed)) {
    if (f.kind === 'reserved') continue;
    const v = f.kind === 'count' ? ((values[f.of] ?? []) as unknown[]).length : values[name];
    items.push(`${name}=${value(name, v)}`);
  }
  for (const name of Object.keys(schema.floating)) {
    if (values[name] !== undefined) items.push(`${name}=${value(name, values[name])}`);
  }
  return `CTI${pascalName(m.type)} [${items.join(', ')}]`;
}

function bean(m: CtiMessage, b: CtiMessageBean): string {
  const invokeId = 'invokeId' in m ? m.invokeId : undefined;
  const items = [`invokeID=${text(invokeId)}`, `cti_sequence_id=${b.sequenceId}`, `msgID=${MessageType[m.type]}`];
  if (b.timeTracker !== undefined) items.push(`timeTracker=${b.timeTracker}`);
  items.push(`msgName=${pascalName(m.type)}`);
  if (b.deploymentType !== undefined) items.push(`deploymentType=${b.deploymentType}`);
  return `CTIMessageBean [${items.join(', ')}]`;
}

/**
 * One log rendering of a message; with `messageBean`, followed by Finesse's CTIMessageBean part.
 *
 * @example
 * formatCtiMessage(msg) // 'Invoke id :39 , agentstate : 1, workmode : 0, reason code: 255, …'
 */
export function formatCtiMessage(msg: CtiMessage, messageBean?: CtiMessageBean): string {
  const body = msg.type === 'SET_AGENT_STATE_REQ' ? setAgentStateReq(msg)
    : msg.type === 'AGENT_STATE_EVENT' ? agentStateEvent(msg)
    : generic(msg);
  return messageBean === undefined ? body : body + bean(msg, messageBean);
}

/** The name Finesse logs as cti_message_name / msgName: `SetAgentStateReq`, `AgentStateEvent`. */
export function ctiMessageName(msg: CtiMessage): string {
  return pascalName(msg.type);
}
