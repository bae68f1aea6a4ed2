// Errors of the storage layer. A store throws StorageError for a write that breaks an integrity rule:
// a reference to a team or queue that does not exist, a value that must be unique, or a value outside
// its domain (an unknown role or reason category, which the types already rule out). Callers validate
// input first (and answer with a Finesse error code), so reaching this is a programmer error, but it
// carries a code all the same.
export const STORAGE_ERROR_CODES = ['ERR_STORAGE_UNKNOWN_REFERENCE', 'ERR_STORAGE_DUPLICATE', 'ERR_STORAGE_INVALID'] as const;
export type StorageErrorCode = (typeof STORAGE_ERROR_CODES)[number];

export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(readonly code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A newer Parley wrote this database; opening it with older code could lose data. */
export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError';
  readonly code = 'ERR_STORAGE_SCHEMA_TOO_NEW';
  constructor(readonly path: string, readonly found: number, readonly supported: number) {
    super(
      `The database ${path} has schema version ${found}, but this version of Parley supports up to ${supported}. ` +
        'Upgrade Parley, or point --data at another directory; the database was left unchanged.',
    );
  }
}
