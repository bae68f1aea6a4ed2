// Typed messages to frames and back.

import { err, ok, type Result } from '../../shared/result.js';
import { CtiEncodeError, type CtiDecodeError } from './errors.js';
import { encodeFrame, type CtiFrame } from './frame.js';
import { decodeBody, encodeBody } from './layout.js';
import { messageTypeName } from './message-types.js';
import { messageTypeId, schemaById, schemaByName, type CtiMessage } from './registry.js';

/**
 * The message as it goes on the wire, header included.
 * Throws CtiEncodeError when a value does not fit its documented field (a programmer error).
 *
 * @example
 * socket.write(encodeMessage({ type: 'HEARTBEAT_REQ', invokeId: 7 }));
 */
export function encodeMessage(msg: CtiMessage): Buffer {
  const schema = schemaByName(msg.type);
  if (schema === undefined) throw new CtiEncodeError('ERR_CTI_UNKNOWN_TYPE', `no layout for ${String(msg.type)}`);
  return encodeFrame(messageTypeId(schema.name), encodeBody(schema, msg as unknown as Record<string, unknown>));
}

/**
 * The typed message of a frame, or why it cannot be read. Never throws; an unknown MessageType is
 * `unknown-type` (the frame stays usable, e.g. to answer FAILURE_CONF).
 */
export function decodeMessage(frame: CtiFrame): Result<CtiMessage, CtiDecodeError> {
  const schema = schemaById(frame.type);
  if (schema === undefined) {
    const name = messageTypeName(frame.type);
    return err('unknown-type', `MessageType ${frame.type}${name === undefined ? '' : ` (${name}, not supported)`}`);
  }
  const decoded = decodeBody(schema, frame.body);
  return decoded.ok ? ok(decoded.value as unknown as CtiMessage) : decoded;
}
