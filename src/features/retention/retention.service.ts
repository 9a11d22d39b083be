import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { canonicalJson } from '../audit/audit.hash.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import { retentionRepository as repo } from './retention.repository.js';
import { msrPurgeCutoff } from './retention.rules.js';

export interface PurgeOptions {
  asOf: string;
  dryRun: boolean;
  batchSize?: number;
  onProgress?: (done: number) => void;
}

export interface PurgeResult {
  asOf: string;
  cutoff: string;
  dryRun: boolean;
  reports: number;
  personRecords: number;
  /** SHA-256 over the purged content, batch by batch: proof of what was deleted without keeping it. */
  proofs: string[];
}

/**
 * Purges multiple-sale buyer data past its retention period, in batches, each in its own transaction with its audit
 * event (counts, ids, and a hash of the removed content). A dry run reports what would go and changes nothing.
 */
export async function purgeMultipleSaleBuyers(db: Kysely<DB>, actor: Actor, opts: PurgeOptions): Promise<PurgeResult> {
  const cutoff = msrPurgeCutoff(opts.asOf);
  const result: PurgeResult = { asOf: opts.asOf, cutoff, dryRun: opts.dryRun, reports: 0, personRecords: 0, proofs: [] };
  if (opts.dryRun) {
    const due = await repo.findPurgeableReports(db, cutoff, Number.MAX_SAFE_INTEGER);
    result.reports = due.length;
    result.personRecords = new Set(due.map((r) => r.buyer_record_id)).size;
    await db.transaction().execute((tx) =>
      recordAudit(tx, actor, { action: 'retention.previewed', targetType: 'multiple_sale_report', details: { ...result } }),
    );
    return result;
  }
  const size = opts.batchSize ?? 1000;
  for (;;) {
    const n = await db.transaction().execute(async (tx) => {
      const batch = await repo.findPurgeableReports(tx, cutoff, size);
      if (batch.length === 0) return 0;
      const personIds = [...new Set(batch.map((r) => r.buyer_record_id!))];
      const persons = await repo.personRecords(tx, personIds);
      const attrs = await repo.attributesOf(tx, personIds);
      const proof = createHash('sha256').update(canonicalJson({ persons, attrs })).digest('hex');
      await repo.purgePersons(tx, personIds);
      await repo.markReportsPurged(tx, batch.map((r) => r.id), new Date());
      await recordAudit(tx, actor, {
        action: 'retention.purged',
        targetType: 'multiple_sale_report',
        reason: `multiple-sale buyer data untraced after 2 years (reports dated on or before ${cutoff})`,
        details: { reportIds: batch.map((r) => r.id), personRecordIds: personIds, attributes: attrs.length, contentSha256: proof },
      });
      result.reports += batch.length;
      result.personRecords += personIds.length;
      result.proofs.push(proof);
      return batch.length;
    });
    opts.onProgress?.(result.reports);
    if (n < size) break;
  }
  return result;
}

export async function placeLegalHold(db: Kysely<DB>, actor: Actor, targetType: string, targetId: string, reason: string) {
  return db.transaction().execute(async (tx) => {
    const h = await repo.placeHold(tx, { targetType, targetId, reason, placedBy: actor.userId });
    await recordAudit(tx, actor, { action: 'legal_hold.placed', targetType, targetId, reason, details: { holdId: h.id } });
    return h.id;
  });
}

export async function releaseLegalHold(db: Kysely<DB>, actor: Actor, holdId: number, reason: string) {
  return db.transaction().execute(async (tx) => {
    const r = await repo.releaseHold(tx, holdId);
    if (Number(r.numUpdatedRows) === 0) return false;
    await recordAudit(tx, actor, { action: 'legal_hold.released', targetType: 'legal_hold', targetId: holdId, reason });
    return true;
  });
}

export const listLegalHolds = (db: Kysely<DB>) => repo.listHolds(db);
