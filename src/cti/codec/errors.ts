// Error vocabulary of the CTI codec (style.md §6.3, §6.21).
//
// Decoding bad input is an expected failure: it travels as a `Result` whose error is one of the
// `CtiDecodeError` conditions below. Encoding a message whose values do not fit the documented layout
// (a string longer than its field, a number out of range) is a programmer error: it throws
// `CtiEncodeError` with an `ERR_CTI_*` code.

/** Why a message body could not be decoded. The frame parser has its own, smaller vocabulary. */
export type CtiDecodeError =
  | 'unknown-type' // no layout for this MessageType (answer E_CTI_INVALID_MSG_TYPE_FOR_VERSION)
  | 'truncated' // the body ends inside the fixed part or inside a floating field
  | 'field-too-long' // a floating field is longer than the maximum size of its tag in this message
  | 'bad-field-length' // a numeric floating field whose length is not the size of its type
  | 'bad-value' // a floating field's data does not parse (e.g. a NAMEDVAR without its NUL separator)
  | 'duplicate-field' // a tag that is not a list member appears twice
  | 'missing-field' // a required floating field is absent
  | 'list-too-long' // more list entries than the guide allows (skill groups, parties, CTI clients…)
  | 'bad-group' // a list member without its leading field, or twice for one entry
  | 'bad-count' // a Num… fixed field disagrees with the number of list entries present
  | 'too-many-unknown-fields' // unknown tags are skipped, but only this many per message
  | 'too-much-data'; // named variables and arrays together exceed the documented 2000 bytes

export const CTI_DECODE_ERRORS: readonly CtiDecodeError[] = [
  'unknown-type', 'truncated', 'field-too-long', 'bad-field-length', 'bad-value', 'duplicate-field',
  'missing-field', 'list-too-long', 'bad-group', 'bad-count', 'too-many-unknown-fields', 'too-much-data',
];

export type CtiEncodeErrorCode =
  | 'ERR_CTI_UNKNOWN_TYPE'
  | 'ERR_CTI_VALUE_OUT_OF_RANGE'
  | 'ERR_CTI_FIELD_TOO_LONG'
  | 'ERR_CTI_BAD_VALUE'
  | 'ERR_CTI_MISSING_FIELD'
  | 'ERR_CTI_LIST_TOO_LONG'
  | 'ERR_CTI_TOO_MUCH_DATA';

/** Thrown by the encoder when a message does not fit its documented layout (a programmer error). */
export class CtiEncodeError extends Error {
  override readonly name = 'CtiEncodeError';
  constructor(
    readonly code: CtiEncodeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
