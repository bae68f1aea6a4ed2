export { openSqliteStores, DEFAULT_BUSY_TIMEOUT_MS, type SqliteStores, type SqliteStoreOptions } from './sqlite-stores.js';
export { MIGRATIONS, type Migration } from './migrations.js';
