import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.js';

/** Every repository method takes this: the database or the open transaction it must run in. */
export type Tx = Kysely<DB> | Transaction<DB>;
export type { DB };
