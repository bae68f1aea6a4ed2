/**
 * The CTI protocol codec (Cisco CTI Server protocol, "GED-188", Protocol Version 24 layouts):
 * framing, field codecs, typed messages and log renderings. Pure: no sockets, no clock, no logging.
 *
 * [CTI-REF] CTI Server Message Reference Guide (Protocol Version 25) for Cisco Unified Contact Center
 * Enterprise, Release 15.0(1) (chapters Messaging Conventions, Session Management, Application Level
 * Interfaces, Constants and Status Codes), cross-checked with the Protocol Version 24 guide for
 * 12.6(1) (Messaging Conventions, Changes and Additions), older PDF editions (Versions 9, 14, 15) and
 * the Unified CCX CTI Protocol pages on developer.cisco.com. Where they disagree a COMPAT comment at
 * the layout says which reading this codec takes and why.
 * @module
 */
export { HEADER_LENGTH, DEFAULT_MAX_MESSAGE_LENGTH, encodeFrame, type CtiFrame } from './frame.js';
export { CtiFrameParser, type CtiFrameEvent, type CtiFrameError, type CtiFrameParserOptions } from './frame-parser.js';
export { encodeMessage, decodeMessage } from './codec.js';
export { formatCtiMessage, ctiMessageName, type CtiMessageBean } from './format.js';
export { CtiEncodeError, CTI_DECODE_ERRORS, type CtiDecodeError, type CtiEncodeErrorCode } from './errors.js';
export {
  SCHEMAS, schemaById, schemaByName, messageTypeId, minimumBodyLength,
  type CtiMessage, type CtiMessageType, type CtiMessageOf,
} from './registry.js';
export { MessageType, messageTypeName, pascalName, type MessageTypeName, type MessageTypeId } from './message-types.js';
export { Tag, tagName, type TagName } from './tags.js';
export { PROTOCOL_VERSION } from './session.js';
export { FailureStatus, ControlFailureCode, failureStatusFor } from './failures.js';
export {
  AgentState, AgentWorkMode, ForcedFlag, PeripheralType, ConnectionDeviceIDType, DeviceIDType, LocalConnectionState,
  EventCause, CallType, LineType, SystemEventID, PGStatus, SessionType, Direction, Special, ServiceMask, CallMsgMask,
  AgentStateMask, enumName, agentStateLabel,
} from './enums.js';
export type { NamedVariable, NamedArrayElement } from './field-codecs.js';
export { MAX_UNKNOWN_FIELDS, MAX_NAMED_DATA, fixedLength, floatingTags } from './layout.js';
