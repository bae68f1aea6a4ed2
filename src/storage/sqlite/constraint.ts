// Turns SQLite constraint failures into StorageErrors with codes; anything else is rethrown as is.
import Database from 'better-sqlite3';
import { StorageError } from '../errors.js';

export function withConstraints<T>(what: string, write: () => T): T {
  try {
    return write();
  } catch (e) {
    if (!(e instanceof Database.SqliteError)) throw e;
    switch (e.code) {
      case 'SQLITE_CONSTRAINT_FOREIGNKEY':
        throw new StorageError('ERR_STORAGE_UNKNOWN_REFERENCE', `${what}: it names a team or queue that does not exist`, { cause: e });
      case 'SQLITE_CONSTRAINT_UNIQUE':
        throw new StorageError('ERR_STORAGE_DUPLICATE', `${what}: ${e.message}`, { cause: e });
      case 'SQLITE_CONSTRAINT_CHECK':
      case 'SQLITE_CONSTRAINT_NOTNULL':
        throw new StorageError('ERR_STORAGE_INVALID', `${what}: ${e.message}`, { cause: e });
      default:
        throw e;
    }
  }
}
