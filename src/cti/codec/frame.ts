// Message framing: the MHDR header that precedes every CTI message.
//
// [CTI-REF] Messaging Conventions › Data Types › MHDR Data Type: MessageLength (UINT, "the length
// of the message in bytes, excluding the size of the message header (the first 8 bytes)") then
// MessageType (UINT), big-endian.

export const HEADER_LENGTH = 8;

/**
 * Default limit on MessageLength (the body). The Version 9 guide gives 4329 bytes as the largest
 * message; the Version 24 guide raises it to 12500 (header included). 16 KiB covers the latter
 * with room; the glue can lower or raise it per connection.
 */
export const DEFAULT_MAX_MESSAGE_LENGTH = 16 * 1024;

/** One message as the wire carries it: its MessageType and its body (fixed and floating parts). */
export interface CtiFrame {
  readonly type: number;
  readonly body: Buffer;
}

/** Header and body in one buffer. */
export function encodeFrame(type: number, body: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(HEADER_LENGTH + body.length);
  out.writeUInt32BE(body.length, 0);
  out.writeUInt32BE(type, 4);
  out.set(body, HEADER_LENGTH);
  return out;
}
