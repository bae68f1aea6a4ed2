// Coded PKI errors (style.md §6.21). Callers and tests match on `code`, never on the wording.
export const PKI_ERROR_CODES = [
  'ERR_PKI_BAD_FQDN',
  'ERR_PKI_CA_INVALID',
  'ERR_PKI_CA_KEY_MISSING',
  'ERR_PKI_CA_KEY_MISMATCH',
  'ERR_PKI_CA_EXPIRED',
  'ERR_PKI_UNSUPPORTED_KEY',
  'ERR_PKI_IDENTITY_INVALID',
] as const;
export type PkiErrorCode = (typeof PKI_ERROR_CODES)[number];

export class PkiError extends Error {
  override readonly name = 'PkiError';
  constructor(readonly code: PkiErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
