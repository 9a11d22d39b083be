// Storage of entity resolution: Kysely only; every function takes the transaction (or database) it runs in.
import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';
import type { PairConstraint } from './engine/types.js';
import type { AttributeRow, PersonRecordRow } from './mapping.js';
import type { RecordLink } from './reasons.js';

export type RunMode = 'full' | 'incremental';

export interface RunParams {
  threshold: number;
  reviewBand: [number, number];
  seed: number;
  /** Most pending review items kept (the most uncertain first). */
  reviewLimit: number;
  /** The newest review decision the run honoured. */
  decisionsUpTo?: number;
}

const RECORD_COLUMNS = [
  'id', 'given_name', 'middle_name', 'surname', 'maternal_surname', 'full_name', 'dob', 'sex', 'id_number',
  'street_raw', 'city', 'state', 'postcode', 'phone', 'email',
] as const;

/** Which records a page reads: all of them, those a run has linked, or those no run has seen yet. */
export type RecordSet = 'all' | 'linked' | 'unlinked';

export const resolutionRepository = {
  async recordPage(tx: Tx, set: RecordSet, afterId: number, limit: number): Promise<PersonRecordRow[]> {
    let q = tx.selectFrom('person_records as r').select(RECORD_COLUMNS.map((c) => `r.${c}` as const)).where('r.id', '>', afterId);
    if (set === 'linked') q = q.where((eb) => eb.exists(eb.selectFrom('person_links as l').select('l.person_record_id').whereRef('l.person_record_id', '=', 'r.id')));
    if (set === 'unlinked') q = q.where((eb) => eb.not(eb.exists(eb.selectFrom('person_links as l').select('l.person_record_id').whereRef('l.person_record_id', '=', 'r.id'))));
    return q.orderBy('r.id').limit(limit).execute();
  },

  attributesOf(tx: Tx, ids: number[]): Promise<AttributeRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return tx
      .selectFrom('person_attributes')
      .select(['person_record_id', 'kind', 'value_raw', 'value_norm'])
      .where('person_record_id', '=', sql<number>`ANY(${ids}::bigint[])`)
      .where('kind', 'in', ['address', 'phone', 'email'])
      .orderBy('id')
      .execute();
  },

  async countUnlinked(tx: Tx): Promise<number> {
    const r = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM person_records r WHERE NOT EXISTS (SELECT 1 FROM person_links l WHERE l.person_record_id = r.id)`.execute(tx);
    return r.rows[0].n;
  },

  async countRecords(tx: Tx): Promise<number> {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM person_records`.execute(tx);
    return r.rows[0].n;
  },

  /** Every current link: record id -> the engine's name of its person. */
  async currentKeys(tx: Tx): Promise<Map<string, string>> {
    const rows = await tx.selectFrom('person_links as l').innerJoin('persons as p', 'p.id', 'l.person_id').select(['l.person_record_id', 'p.key']).execute();
    return new Map(rows.map((r) => [String(r.person_record_id), r.key]));
  },

  async constraints(tx: Tx): Promise<{ constraints: PairConstraint[]; upTo: number }> {
    const rows = await tx.selectFrom('resolution_constraints').select(['record_a_id', 'record_b_id', 'decision', 'decision_id']).execute();
    let upTo = 0;
    const constraints: PairConstraint[] = [];
    for (const r of rows) {
      upTo = Math.max(upTo, r.decision_id ?? 0);
      if (r.decision === 'confirmed' || r.decision === 'rejected') constraints.push({ a: String(r.record_a_id), b: String(r.record_b_id), decision: r.decision });
    }
    return { constraints, upTo };
  },

  async latestDecisionId(tx: Tx): Promise<number> {
    const r = await tx.selectFrom('resolution_decisions').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
    return Number(r?.m ?? 0);
  },

  latestCompletedRun(tx: Tx) {
    return tx.selectFrom('resolution_runs').select(['id', 'mode', 'params', 'model', 'finished_at']).where('status', '=', 'completed').orderBy('id', 'desc').limit(1).executeTakeFirst();
  },

  runningRuns(tx: Tx) {
    return tx.selectFrom('resolution_runs').select(['id', 'started_at']).where('status', '=', 'running').execute();
  },

  async insertRun(tx: Tx, r: { mode: RunMode; trigger: string; importBatchId: number | null; params: RunParams; startedBy: number | null }): Promise<number> {
    const row = await tx
      .insertInto('resolution_runs')
      .values({ mode: r.mode, trigger: r.trigger, import_batch_id: r.importBatchId, params: JSON.stringify(r.params), started_by: r.startedBy })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  async finishRun(tx: Tx, id: number, r: { status: 'completed' | 'failed'; model?: unknown; stats?: Record<string, unknown>; params?: RunParams; error?: string }): Promise<void> {
    await tx
      .updateTable('resolution_runs')
      .set({
        status: r.status,
        finished_at: new Date(),
        ...(r.model !== undefined ? { model: JSON.stringify(r.model) } : {}),
        ...(r.stats !== undefined ? { stats: JSON.stringify(r.stats) } : {}),
        ...(r.params !== undefined ? { params: JSON.stringify(r.params) } : {}),
        ...(r.error !== undefined ? { error: r.error } : {}),
      })
      .where('id', '=', id)
      .execute();
  },

  /** Runs abandoned by a process that died: marked failed so they no longer block new runs. */
  async failStaleRuns(tx: Tx, olderThanMinutes: number): Promise<number> {
    const r = await sql`
      UPDATE resolution_runs SET status = 'failed', finished_at = now(), error = 'abandoned: the process running it stopped'
      WHERE status = 'running' AND started_at < now() - make_interval(mins => ${olderThanMinutes})`.execute(tx);
    return Number(r.numAffectedRows ?? 0);
  },

  listRuns(tx: Tx, limit: number) {
    return tx
      .selectFrom('resolution_runs')
      .select(['id', 'mode', 'status', 'trigger', 'import_batch_id', 'params', 'stats', 'error', 'started_by', 'started_at', 'finished_at'])
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  },

  /** Persons for these engine names, created when new; returns name -> person id. */
  async upsertPersons(tx: Tx, keys: string[], runId: number): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (let i = 0; i < keys.length; i += 5000) {
      const chunk = keys.slice(i, i + 5000);
      const rows = await sql<{ id: number; key: string }>`
        INSERT INTO persons (id, key, first_run_id, last_run_id)
        SELECT CASE WHEN k ~ '^[0-9]{1,15}$' THEN k::bigint ELSE nextval('persons_split_id_seq') END, k, ${runId}, ${runId}
        FROM unnest(${chunk}::text[]) AS k
        ON CONFLICT (key) DO UPDATE SET last_run_id = EXCLUDED.last_run_id, retired_at = NULL, updated_at = now()
        RETURNING id, key`.execute(tx);
      for (const r of rows.rows) out.set(r.key, Number(r.id));
    }
    return out;
  },

  async writeLinks(tx: Tx, runId: number, links: Array<RecordLink & { personId: number }>): Promise<void> {
    for (let i = 0; i < links.length; i += 2000) {
      const chunk = links.slice(i, i + 2000);
      await sql`
        INSERT INTO person_links (person_record_id, person_id, run_id, basis, linked_to, probability, explanation, updated_at)
        SELECT rid, pid, ${runId}, basis, lt, prob, expl::jsonb, now()
        FROM unnest(${chunk.map((l) => Number(l.recordId))}::bigint[], ${chunk.map((l) => l.personId)}::bigint[], ${chunk.map((l) => l.basis)}::text[],
                    ${chunk.map((l) => (l.linkedTo === null ? null : Number(l.linkedTo)))}::bigint[], ${chunk.map((l) => l.probability)}::real[],
                    ${chunk.map((l) => (l.reason ? JSON.stringify(l.reason) : null))}::text[]) AS t(rid, pid, basis, lt, prob, expl)
        ON CONFLICT (person_record_id) DO UPDATE SET person_id = EXCLUDED.person_id, run_id = EXCLUDED.run_id, basis = EXCLUDED.basis,
          linked_to = EXCLUDED.linked_to, probability = EXCLUDED.probability, explanation = EXCLUDED.explanation, updated_at = now()`.execute(tx);
    }
  },

  async deleteLinks(tx: Tx, recordIds: number[]): Promise<void> {
    for (let i = 0; i < recordIds.length; i += 10000) {
      await sql`DELETE FROM person_links WHERE person_record_id = ANY(${recordIds.slice(i, i + 10000)}::bigint[])`.execute(tx);
    }
  },

  /** Count, display name (oldest record's) and most frequent birth date of these persons, from their links. */
  async refreshPersons(tx: Tx, personIds: number[], runId: number): Promise<void> {
    for (let i = 0; i < personIds.length; i += 10000) {
      const chunk = personIds.slice(i, i + 10000);
      await sql`
        UPDATE persons p SET record_count = s.n, display_name = s.name, dob = s.dob, retired_at = NULL, last_run_id = ${runId}, updated_at = now()
        FROM (
          SELECT l.person_id, count(*)::int AS n,
            (array_agg(coalesce(nullif(concat_ws(' ', nullif(trim(r.given_name), ''), nullif(trim(r.middle_name), ''), nullif(trim(r.surname), ''),
                nullif(trim(r.maternal_surname), '')), ''), r.full_name) ORDER BY r.id))[1] AS name,
            mode() WITHIN GROUP (ORDER BY r.dob) AS dob
          FROM person_links l JOIN person_records r ON r.id = l.person_record_id
          WHERE l.person_id = ANY(${chunk}::bigint[])
          GROUP BY l.person_id
        ) s
        WHERE p.id = s.person_id`.execute(tx);
    }
  },

  /** Persons left without a record: retired, never reused for someone else. */
  async retireEmpty(tx: Tx, personIds: number[], runId: number): Promise<number> {
    let n = 0;
    for (let i = 0; i < personIds.length; i += 10000) {
      const r = await sql`
        UPDATE persons p SET retired_at = now(), record_count = 0, last_run_id = ${runId}, updated_at = now()
        WHERE p.id = ANY(${personIds.slice(i, i + 10000)}::bigint[]) AND p.retired_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM person_links l WHERE l.person_id = p.id)`.execute(tx);
      n += Number(r.numAffectedRows ?? 0);
    }
    return n;
  },

  async personIdsOfKeys(tx: Tx, keys: string[]): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < keys.length; i += 10000) {
      const rows = await tx.selectFrom('persons').select('id').where('key', '=', sql<string>`ANY(${keys.slice(i, i + 10000)}::text[])`).execute();
      for (const r of rows) out.push(r.id);
    }
    return out;
  },

  pendingReview(tx: Tx) {
    return tx.selectFrom('resolution_review_items').select(['id', 'record_a_id', 'record_b_id', 'probability', 'joined']).where('status', '=', 'pending').execute();
  },

  async deleteReviewItems(tx: Tx, ids: number[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 10000) {
      await sql`DELETE FROM resolution_review_items WHERE id = ANY(${ids.slice(i, i + 10000)}::bigint[]) AND status = 'pending'`.execute(tx);
    }
  },

  async insertReviewItems(
    tx: Tx,
    runId: number,
    items: Array<{ a: number; b: number; probability: number; matchWeight: number; joined: boolean; explanation: string }>,
  ): Promise<void> {
    for (let i = 0; i < items.length; i += 1000) {
      const c = items.slice(i, i + 1000);
      await sql`
        INSERT INTO resolution_review_items (record_a_id, record_b_id, run_id, probability, match_weight, joined, explanation)
        SELECT a, b, ${runId}, p, w, j, e::jsonb
        FROM unnest(${c.map((x) => x.a)}::bigint[], ${c.map((x) => x.b)}::bigint[], ${c.map((x) => x.probability)}::real[],
                    ${c.map((x) => x.matchWeight)}::real[], ${c.map((x) => x.joined)}::boolean[], ${c.map((x) => x.explanation)}::text[]) AS t(a, b, p, w, j, e)
        ON CONFLICT (record_a_id, record_b_id) DO UPDATE SET run_id = EXCLUDED.run_id, probability = EXCLUDED.probability,
          match_weight = EXCLUDED.match_weight, joined = EXCLUDED.joined, explanation = EXCLUDED.explanation, updated_at = now()
        WHERE resolution_review_items.status = 'pending'`.execute(tx);
    }
  },

  async updateReviewItems(tx: Tx, runId: number, items: Array<{ id: number; probability: number; joined: boolean }>): Promise<void> {
    for (let i = 0; i < items.length; i += 5000) {
      const c = items.slice(i, i + 5000);
      await sql`
        UPDATE resolution_review_items r SET run_id = ${runId}, probability = t.p, joined = t.j, updated_at = now()
        FROM unnest(${c.map((x) => x.id)}::bigint[], ${c.map((x) => x.probability)}::real[], ${c.map((x) => x.joined)}::boolean[]) AS t(id, p, j)
        WHERE r.id = t.id AND r.status = 'pending'`.execute(tx);
    }
  },
};
