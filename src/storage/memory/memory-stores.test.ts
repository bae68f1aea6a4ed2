import { runStoreContract } from '../stores.contract.js';
import { createMemoryStores } from './memory-stores.js';

runStoreContract('memory', createMemoryStores);
