import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SAMPLES } from '../../../test/fixtures/cti/samples.js';
import { ctiMessageName, formatCtiMessage, type CtiMessage } from './index.js';

// The two cti_message texts of seed 000 (Finesse webservices log, 2017-06-17 00:17:04 +0530).
const SEED_SET_AGENT_STATE_REQ =
  'Invoke id :39 , agentstate : 1, workmode : 0, reason code: 255, forceflag :1, agentcapacity: 1, ' +
  'agentext: 1001003, agentid: 1001003, supervisorid: null, ssoFlag=false';
const SEED_AGENT_STATE_EVENT =
  'CTIAgentStateEvent [skillGroupState=1 (LOGOUT), stateDuration=0, skillGroupNumber=-1, skillGroupPriority=0, ' +
  'agentState=1 (LOGOUT), eventReasonCode=255, numFltSkillGroups=0, CTIClientSignature=null, agentID=1001003, ' +
  'agentExtension=1001003, agentInstrument=null, agentID_Long=1001003, duration=null, nextAgentState=null, ' +
  'fltSkillGroupNumberList=[], fltSkillGroupIDList=[], fltSkillGroupPriorityList=[], fltSkillGroupStateList=[], ' +
  'MRDId=1, agentMode=0]CTIMessageBean [invokeID=null, cti_sequence_id=105, msgID=30, ' +
  'timeTracker={"id":"AgentStateEvent","CTI_MSG_RECEIVED":1497638824642,"CTI_MSG_DISPATCH":1497638824643}, ' +
  'msgName=AgentStateEvent, deploymentType=CCX]';

const seedEvent: CtiMessage = {
  type: 'AGENT_STATE_EVENT', monitorId: 0, peripheralId: 5000, sessionId: 0, peripheralType: 17, skillGroupState: 1,
  stateDuration: 0, skillGroupNumber: 0xffffffff, skillGroupId: 0xffffffff, skillGroupPriority: 0, agentState: 1,
  eventReasonCode: 255, mrdId: 1, numTasks: 0, agentMode: 0, maxTaskLimit: 1, icmAgentId: 5001,
  agentAvailabilityStatus: 0, departmentId: 0, agentId: '1001003', agentExtension: '1001003', agentIdLong: '1001003',
};

describe('formatCtiMessage', () => {
  it("writes seed 000's SetAgentStateReq line", () => {
    const msg = SAMPLES.find((m) => m.type === 'SET_AGENT_STATE_REQ')!;
    assert.equal(formatCtiMessage(msg), SEED_SET_AGENT_STATE_REQ);
    assert.equal(ctiMessageName(msg), 'SetAgentStateReq');
  });

  it("writes seed 000's CTIAgentStateEvent line with its CTIMessageBean", () => {
    const timeTracker = '{"id":"AgentStateEvent","CTI_MSG_RECEIVED":1497638824642,"CTI_MSG_DISPATCH":1497638824643}';
    assert.equal(formatCtiMessage(seedEvent, { sequenceId: 105, timeTracker, deploymentType: 'CCX' }), SEED_AGENT_STATE_EVENT);
    assert.equal(ctiMessageName(seedEvent), 'AgentStateEvent');
  });

  it('lists skill groups, the next state and SSO the way the seed lines do', () => {
    const event = SAMPLES.find((m) => m.type === 'AGENT_STATE_EVENT')!;
    const line = formatCtiMessage(event);
    assert.match(line, /agentState=3 \(AVAILABLE\)/);
    assert.match(line, /nextAgentState=2 \(NOT_READY\)/);
    assert.match(line, /fltSkillGroupNumberList=\[10, -1\], fltSkillGroupIDList=\[5005, 4294967295\]/);
    assert.match(line, /fltSkillGroupStateList=\[3, 7\]/);
    const login = SAMPLES.filter((m) => m.type === 'SET_AGENT_STATE_REQ')[1]!;
    assert.match(formatCtiMessage(login), /supervisorid: sup1, ssoFlag=true$/);
  });

  it('renders every other message as CTI<Name> [field=value, …] in layout order', () => {
    assert.equal(formatCtiMessage({ type: 'HEARTBEAT_REQ', invokeId: 7 }), 'CTIHeartbeatReq [invokeId=7]');
    assert.equal(
      formatCtiMessage({ type: 'HEARTBEAT_CONF', invokeId: 7 }, { sequenceId: 3 }),
      'CTIHeartbeatConf [invokeId=7]CTIMessageBean [invokeID=7, cti_sequence_id=3, msgID=6, msgName=HeartbeatConf]',
    );
    const delivered = formatCtiMessage(SAMPLES.find((m) => m.type === 'CALL_DELIVERED_EVENT')!);
    assert.match(delivered, /^CTICallDeliveredEvent \[monitorId=0, peripheralId=5000, /);
    assert.match(delivered, /numNamedVariables=2, numNamedArrays=2, connectionDeviceId=1001003/);
    assert.match(delivered, /namedVariables=\[\{name=user.cust.id, value=42\}, \{name=user.lang, value=fr-CH\}\]/);
    assert.match(delivered, /userToUserInfo=0xabab/);
    const open = formatCtiMessage(SAMPLES.find((m) => m.type === 'OPEN_REQ')!);
    assert.doesNotMatch(open, /reserved/, 'reserved fields are not shown');
    assert.match(formatCtiMessage(SAMPLES.find((m) => m.type === 'OPEN_CONF')!), /agentState=9 \(UNKNOWN\)/);
  });

  it('renders every sample without throwing', () => {
    for (const msg of SAMPLES) assert.ok(formatCtiMessage(msg, { sequenceId: 1 }).length > 0);
  });
});
