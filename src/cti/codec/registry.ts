// Every layout the codec knows, indexed by MessageType, and the CtiMessage union derived from them.

import { AGENT_MESSAGES } from './agent.js';
import { CALL_CONTROL_MESSAGES } from './call-control.js';
import { CALL_EVENT_MESSAGES } from './call-events.js';
import { CALL_PARTY_EVENT_MESSAGES } from './call-party-events.js';
import { CALL_TRANSFER_MESSAGES } from './call-transfer.js';
import { FAILURE_MESSAGES } from './failures.js';
import { fixedLength } from './layout.js';
import { MessageType, type MessageTypeName } from './message-types.js';
import type { MessageOf, MessageSchema } from './schema.js';
import { SESSION_MESSAGES } from './session.js';
import { SNAPSHOT_MESSAGES } from './snapshot.js';

export const SCHEMAS = [
  ...FAILURE_MESSAGES,
  ...SESSION_MESSAGES,
  ...AGENT_MESSAGES,
  ...CALL_EVENT_MESSAGES,
  ...CALL_PARTY_EVENT_MESSAGES,
  ...CALL_CONTROL_MESSAGES,
  ...CALL_TRANSFER_MESSAGES,
  ...SNAPSHOT_MESSAGES,
] as const;

type Schema = (typeof SCHEMAS)[number];
type Union<S> = S extends MessageSchema ? MessageOf<S> : never;

/** Every message the codec encodes and decodes, discriminated by `type` (the guide's name). */
export type CtiMessage = Union<Schema>;
export type CtiMessageType = CtiMessage['type'];
/** The message of one type, e.g. `CtiMessageOf<'SET_AGENT_STATE_REQ'>`. */
export type CtiMessageOf<N extends CtiMessageType> = Extract<CtiMessage, { type: N }>;

const BY_NAME: ReadonlyMap<string, MessageSchema> = new Map(SCHEMAS.map((s) => [s.name, s as MessageSchema]));
const BY_ID: ReadonlyMap<number, MessageSchema> = new Map(SCHEMAS.map((s) => [MessageType[s.name], s as MessageSchema]));
const FIXED_LENGTH: ReadonlyMap<number, number> = new Map([...BY_ID].map(([id, s]) => [id, fixedLength(s)]));

export function schemaById(id: number): MessageSchema | undefined {
  return BY_ID.get(id);
}

export function schemaByName(name: string): MessageSchema | undefined {
  return BY_NAME.get(name);
}

/** MessageType number of a message type name. */
export function messageTypeId(name: MessageTypeName): number {
  return MessageType[name];
}

/**
 * The smallest body a message of this type can have (its fixed part), or 0 for types without a
 * layout here. The frame parser uses it to refuse a short length before buffering the body.
 */
export function minimumBodyLength(type: number): number {
  return FIXED_LENGTH.get(type) ?? 0;
}
