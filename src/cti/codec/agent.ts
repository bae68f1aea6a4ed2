// Agent state messages: the AGENT_STATE_EVENT Finesse receives (msgID=30 in seed 000) and the
// QUERY_/SET_AGENT_STATE requests it sends (SetAgentStateReq in seed 000).
//
// [CTI-REF] = CTI Server Message Reference Guide (Protocol Version 25), UCCE 15.0(1); see session.ts.

import { F_FLEX_UINT, F_INT, F_UINT, F_USHORT, INT, UCHAR, UINT, USHORT, str } from './field-codecs.js';
import { count, defineMessage, group, opt, req } from './schema.js';
import { Tag } from './tags.js';

const agentIdLong = opt(Tag.AGENT_ID_LONG_TAG, str(129));

// [CTI-REF] Application Level Interfaces › Client Events Service › AGENT_STATE_EVENT (Table 5-17 in
// the Version 9 PDF). SkillGroupNumber is printed "USINT" in the guide; it is 4 bytes, read as
// UINT here (NULL_SKILL_GROUP = 0xFFFFFFFF, which Finesse logs as skillGroupNumber=-1).
// Floating tags per the Tag Values table: CTIClientSignature is CLIENT_SIGNATURE_TAG (3, "OPEN_REQ,
// AGENT_STATE_EVENT"), NextAgentState is EXT_AGENT_STATE_TAG (123, whose only user is
// AGENT_STATE_EVENT), ActiveTerminal is FLT_TERM_DEVICE_NAME (303).
export const AGENT_STATE_EVENT = defineMessage({
  name: 'AGENT_STATE_EVENT',
  ref: 'Application Level Interfaces › AGENT_STATE_EVENT',
  fixed: {
    monitorId: UINT,
    peripheralId: UINT,
    sessionId: UINT,
    peripheralType: USHORT,
    skillGroupState: USHORT,
    stateDuration: UINT,
    skillGroupNumber: UINT,
    skillGroupId: UINT,
    skillGroupPriority: USHORT,
    agentState: USHORT,
    eventReasonCode: USHORT,
    mrdId: INT,
    numTasks: UINT,
    agentMode: USHORT, // ROUTABLE = 1, NOT ROUTABLE = 0
    maxTaskLimit: UINT,
    icmAgentId: INT,
    agentAvailabilityStatus: UINT, // NOT AVAILABLE 0, ICM AVAILABLE 1, APPLICATION AVAILABLE 2
    numFltSkillGroups: count('skillGroups', USHORT),
    departmentId: INT,
  },
  floating: {
    ctiClientSignature: opt(Tag.CLIENT_SIGNATURE_TAG, str(64)),
    agentId: opt(Tag.AGENT_ID_TAG, str(12)),
    agentExtension: opt(Tag.AGENT_EXTENSION_TAG, str(16)),
    activeTerminal: opt(Tag.FLT_TERM_DEVICE_NAME, str(64)),
    agentInstrument: opt(Tag.AGENT_INSTRUMENT_TAG, str(64)),
    // The Tag Values table lists AGENT_ID_LONG_TAG for AGENT_STATE_EVENT; Finesse logs it as agentID_Long.
    agentIdLong,
    duration: opt(Tag.DURATION_TAG, F_UINT),
    nextAgentState: opt(Tag.EXT_AGENT_STATE_TAG, F_USHORT),
    direction: opt(Tag.DIRECTION_TAG, F_UINT),
    // "up to 99"; each entry's ID, priority and state always immediately follow its number.
    skillGroups: group(99, {
      number: req(Tag.SKILL_GROUP_NUMBER_TAG, F_INT),
      id: req(Tag.SKILL_GROUP_ID_TAG, F_UINT),
      priority: req(Tag.SKILL_GROUP_PRIORITY_TAG, F_USHORT),
      state: req(Tag.SKILL_GROUP_STATE_TAG, F_USHORT),
    }),
    maxBeyondTaskLimit: opt(Tag.MAX_BEYOND_TASK_LIMIT_TAG, F_UINT),
  },
});

// [CTI-REF] Application Level Interfaces › Client Control Service › QUERY_AGENT_STATE_REQ.
export const QUERY_AGENT_STATE_REQ = defineMessage({
  name: 'QUERY_AGENT_STATE_REQ',
  ref: 'Application Level Interfaces › QUERY_AGENT_STATE_REQ',
  fixed: { invokeId: UINT, peripheralId: UINT, mrdId: INT, icmAgentId: INT },
  floating: {
    // "At least one of ICMAgentID, AgentExtension, AgentID, or AgentInstrument must be provided."
    agentExtension: opt(Tag.AGENT_EXTENSION_TAG, str(16)),
    agentId: opt(Tag.AGENT_ID_TAG, str(12)),
    agentInstrument: opt(Tag.AGENT_INSTRUMENT_TAG, str(64)),
    agentIdLong,
  },
});

// [CTI-REF] Application Level Interfaces › Client Control Service › QUERY_AGENT_STATE_CONF.
export const QUERY_AGENT_STATE_CONF = defineMessage({
  name: 'QUERY_AGENT_STATE_CONF',
  ref: 'Application Level Interfaces › QUERY_AGENT_STATE_CONF',
  fixed: {
    invokeId: UINT,
    agentState: USHORT,
    numSkillGroups: count('skillGroups', USHORT),
    mrdId: INT,
    numTasks: UINT,
    agentMode: USHORT,
    maxTaskLimit: UINT,
    icmAgentId: INT,
    agentAvailabilityStatus: UINT,
    departmentId: INT,
  },
  floating: {
    agentId: opt(Tag.AGENT_ID_TAG, str(12)),
    agentExtension: opt(Tag.AGENT_EXTENSION_TAG, str(16)),
    agentInstrument: opt(Tag.AGENT_INSTRUMENT_TAG, str(64)),
    agentIdLong,
    // "up to a maximum of 20" (MAX_NUM_SKILL_GROUPS). This table types SkillGroupNumber UINT.
    skillGroups: group(20, {
      number: req(Tag.SKILL_GROUP_NUMBER_TAG, F_UINT),
      id: req(Tag.SKILL_GROUP_ID_TAG, F_UINT),
      priority: req(Tag.SKILL_GROUP_PRIORITY_TAG, F_USHORT),
      state: req(Tag.SKILL_GROUP_STATE_TAG, F_USHORT),
    }),
    internalAgentState: opt(Tag.INTERNAL_AGENT_STATE_TAG, F_USHORT),
    maxBeyondTaskLimit: opt(Tag.MAX_BEYOND_TASK_LIMIT_TAG, F_UINT),
  },
});

// [CTI-REF] Application Level Interfaces › Client Control Service › SET_AGENT_STATE_REQ (Table 5-92
// in the Version 15 PDF). AgentServiceReq is the field the CCX pages call AgentCapacity ("0x1:
// Outbound feature enabled") at the same offset; Finesse logs it as "agentcapacity" (seed 000).
// Seed 000's forced logout: AgentState 1 (LOGOUT), AgentWorkMode 0, EventReasonCode 255, ForcedFlag 1.
export const SET_AGENT_STATE_REQ = defineMessage({
  name: 'SET_AGENT_STATE_REQ',
  ref: 'Application Level Interfaces › SET_AGENT_STATE_REQ',
  fixed: {
    invokeId: UINT,
    peripheralId: UINT,
    agentState: USHORT,
    agentWorkMode: USHORT,
    numSkillGroups: count('skillGroups', USHORT),
    eventReasonCode: USHORT,
    forcedFlag: UCHAR, // 0 FALSE, 1 TRUE, 2 authenticate only
    agentServiceReq: UINT,
  },
  floating: {
    agentInstrument: req(Tag.AGENT_INSTRUMENT_TAG, str(64)),
    activeTerminal: opt(Tag.FLT_TERM_DEVICE_NAME, str(64)),
    agentId: opt(Tag.AGENT_ID_TAG, str(12)), // required for LOGIN and LOGOUT
    agentPassword: opt(Tag.AGENT_PASSWORD_TAG, str(64)),
    positionId: opt(Tag.POSITION_ID_TAG, str(12)),
    supervisorId: opt(Tag.SUPERVISOR_ID_TAG, str(12)),
    // SSOEnabled: 0 disabled, 1 enabled. COMPAT: the guide gives no data type; written as USHORT.
    ssoEnabled: opt(Tag.SSO_ENABLED_TAG, F_FLEX_UINT),
    agentIdLong,
    // NumSkillGroups: "up to a maximum of 10" SkillGroupNumber/SkillGroupPriority pairs.
    skillGroups: group(10, {
      number: req(Tag.SKILL_GROUP_NUMBER_TAG, F_INT),
      priority: opt(Tag.SKILL_GROUP_PRIORITY_TAG, F_USHORT),
    }),
  },
});

// [CTI-REF] SET_AGENT_STATE_CONF (Table 5-91 in the Version 9 PDF): InvokeID only.
export const SET_AGENT_STATE_CONF = defineMessage({
  name: 'SET_AGENT_STATE_CONF', ref: 'Application Level Interfaces › SET_AGENT_STATE_CONF', fixed: { invokeId: UINT }, floating: {},
});

export const AGENT_MESSAGES = [AGENT_STATE_EVENT, QUERY_AGENT_STATE_REQ, QUERY_AGENT_STATE_CONF, SET_AGENT_STATE_REQ, SET_AGENT_STATE_CONF] as const;
