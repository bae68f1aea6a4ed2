// The contract every storage backend passes (style.md §6.16): the same scenarios, run by
// sqlite/sqlite-stores.test.ts and memory/memory-stores.test.ts. A new backend adds one such file.
import { afterEach, describe } from 'node:test';
import type { Stores } from './stores.js';
import { usersContract } from './contract/users.contract.js';
import { directoryContract } from './contract/directory.contract.js';
import { notificationContract } from './contract/notification.contract.js';
import { hostileContract } from './contract/hostile.contract.js';
import { corsContract } from './contract/cors.contract.js';

/** `makeStores` returns empty stores each call; every test takes its own and the suite closes it. */
export function runStoreContract(name: string, makeStores: () => Stores): void {
  describe(`stores contract: ${name}`, () => {
    const open: Stores[] = [];
    const fresh = (): Stores => {
      const s = makeStores();
      open.push(s);
      return s;
    };
    afterEach(() => {
      for (const s of open.splice(0)) s.close();
    });
    describe('users', () => usersContract(fresh));
    directoryContract(fresh);
    notificationContract(fresh);
    describe('hostile values', () => hostileContract(fresh));
    describe('cors', () => corsContract(fresh));
  });
}
