// What follows a committed import, in the order the features depend on: entity resolution first (the new person
// records are joined to the persons already held), then detection, which scores resolved persons and would
// otherwise see every new record as a stranger. Used by `interdict import` and by the upload job alike.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../audit/audit.service.js';
import { rescoreAfterImport } from '../detection/detection.jobs.js';
import { resolveAfterImport } from '../resolution/resolution.jobs.js';

export interface AfterImport {
  resolution: Record<string, unknown> | null;
  detection: Record<string, unknown> | null;
}

function failure(err: unknown): Record<string, unknown> {
  return { error: err instanceof Error ? err.message : String(err) };
}

/**
 * Resolves, then rescores, for the given committed batches (one resolution run takes every unlinked record, so it
 * runs once; detection runs per batch so each run names its batch). The import stands whatever these do: a failure
 * is returned with the result, not thrown, and a failed resolution still lets detection run on what is linked.
 */
export async function afterImport(db: Kysely<DB>, batchIds: Array<number | null>, actor: Actor, o: { detect?: boolean } = {}): Promise<AfterImport> {
  if (batchIds.length === 0) return { resolution: null, detection: null };
  let resolution: Record<string, unknown>;
  try {
    resolution = { ...(await resolveAfterImport(db, batchIds.length === 1 ? batchIds[0] : null, actor)) };
  } catch (err) {
    resolution = failure(err);
  }
  if (o.detect === false) return { resolution, detection: null };
  let detection: Record<string, unknown> | null = null;
  try {
    for (const id of batchIds) detection = { ...(await rescoreAfterImport(db, id, actor)) };
  } catch (err) {
    detection = failure(err);
  }
  return { resolution, detection };
}
