// Analysts' answers about pairs of records. An answer is appended to resolution_decisions (never changed; a later
// answer for the same pair replaces it) and binds every later run: the engine receives them as PairConstraints.
import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';
import { badRequest, notFound } from '../../server/errors.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import { canSeeAgency, type Principal } from '../auth/principal.js';

export type Decision = 'confirmed' | 'rejected';

export interface PairDecision {
  a: number;
  b: number;
  decision: Decision;
  note?: string | null;
  reviewItemId?: number | null;
}

/** Appends an answer about a pair (in either order). Audited in the same transaction. */
export async function decidePair(tx: Tx, actor: Actor, d: PairDecision): Promise<number> {
  if (d.a === d.b) throw badRequest('a record is always the same person as itself');
  const [a, b] = d.a < d.b ? [d.a, d.b] : [d.b, d.a];
  const row = await tx
    .insertInto('resolution_decisions')
    .values({ record_a_id: a, record_b_id: b, decision: d.decision, review_item_id: d.reviewItemId ?? null, decided_by: actor.userId, note: d.note ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(tx, actor, {
    action: 'resolution.decision', targetType: 'person_record_pair', targetId: `${a}:${b}`, reason: d.note ?? null,
    details: { decision: d.decision, decisionId: row.id, reviewItemId: d.reviewItemId ?? null },
  });
  return row.id;
}

export interface AnsweredItem {
  id: number;
  status: Decision;
  decisionId: number;
  recordA: number;
  recordB: number;
}

/** Confirms or rejects a queued pair. Out of scope looks like absent. Answering again replaces the earlier answer. */
export async function answerReviewItem(tx: Tx, p: Principal, actor: Actor, itemId: number, decision: Decision, note: string | null): Promise<AnsweredItem> {
  const r = await sql<{ id: number; record_a_id: number; record_b_id: number; status: string; a_agency: number | null; b_agency: number | null }>`
    SELECT i.id, i.record_a_id, i.record_b_id, i.status, ra.agency_id AS a_agency, rb.agency_id AS b_agency
    FROM resolution_review_items i JOIN person_records ra ON ra.id = i.record_a_id JOIN person_records rb ON rb.id = i.record_b_id
    WHERE i.id = ${itemId} FOR UPDATE OF i`.execute(tx);
  const item = r.rows[0];
  if (!item || !canSeeAgency(p, item.a_agency) || !canSeeAgency(p, item.b_agency)) throw notFound('Review item');
  await tx
    .updateTable('resolution_review_items')
    .set({ status: decision, reviewer_id: p.userId, reviewed_at: new Date(), note, updated_at: new Date() })
    .where('id', '=', itemId)
    .execute();
  const decisionId = await decidePair(tx, actor, { a: item.record_a_id, b: item.record_b_id, decision, note, reviewItemId: itemId });
  return { id: itemId, status: decision, decisionId, recordA: item.record_a_id, recordB: item.record_b_id };
}
