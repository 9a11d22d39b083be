// Reading resolved persons: search, the records behind a person with their sources and the reasons they were
// joined, and the review queue. Scope: a person record is visible when its agency is one the principal may see;
// records taken in nationally (no agency) only with national scope (the rule of src/features/network/scope.ts).
// A person is visible when at least one of its records is; only the visible records are shown.
import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../db/types.js';
import { parseDate } from '../../domain/dates.js';
import { normalizePersonName } from '../../domain/names.js';
import type { LinkReason } from './reasons.js';

export interface Scope {
  /** null: every agency. */
  visibleAgencyIds: number[] | null;
}

export function recordScope(s: Scope, alias: string): RawBuilder<boolean> {
  if (s.visibleAgencyIds === null) return sql<boolean>`true`;
  return sql<boolean>`${sql.ref(`${alias}.agency_id`)} = ANY(${s.visibleAgencyIds}::bigint[])`;
}

export interface PersonHit {
  person_id: number;
  display_name: string;
  dob: string | null;
  records: number;
  roles: string[];
  resolved: boolean;
}

/** Persons with a visible record matching every word of q (names by prefix or contained, dates exactly). */
export async function searchPersons(tx: Tx, scope: Scope, q: string, limit: number): Promise<PersonHit[]> {
  const words = q.split(/\s+/).map((w) => w.trim()).filter(Boolean).slice(0, 6);
  if (words.length === 0) return [];
  const conds: RawBuilder<boolean>[] = [];
  for (const w of words) {
    const d = parseDate(w);
    if (d.ok) {
      conds.push(sql<boolean>`r.dob = ${d.value}::date`);
      continue;
    }
    const n = normalizePersonName(w);
    if (!n) continue;
    const like = `%${n.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conds.push(sql<boolean>`(r.given_norm LIKE ${like} OR r.surname_norm LIKE ${like} OR upper(r.full_name) LIKE ${like} OR r.id_number = ${n})`);
  }
  if (conds.length === 0) return [];
  const rows = await sql<PersonHit>`
    WITH hits AS (
      SELECT DISTINCT rp.person_id FROM person_records r JOIN resolved_person_records rp ON rp.person_record_id = r.id
      WHERE ${recordScope(scope, 'r')} AND ${sql.join(conds, sql` AND `)}
      LIMIT ${limit * 4}
    )
    SELECT h.person_id,
      coalesce((array_agg(coalesce(nullif(concat_ws(' ', r.given_name, r.middle_name, r.surname, r.maternal_surname), ''), r.full_name, '(no name)') ORDER BY r.id))[1], '(no name)') AS display_name,
      (mode() WITHIN GROUP (ORDER BY r.dob))::text AS dob,
      count(*)::int AS records,
      array_agg(DISTINCT r.role) AS roles,
      bool_or(rp.resolved) AS resolved
    FROM hits h JOIN resolved_person_records rp ON rp.person_id = h.person_id JOIN person_records r ON r.id = rp.person_record_id
    WHERE ${recordScope(scope, 'r')}
    GROUP BY h.person_id
    ORDER BY count(*) DESC, h.person_id
    LIMIT ${limit}`.execute(tx);
  return rows.rows;
}

export interface SourceRef {
  kind: 'multiple_sale' | 'trace_buyer' | 'trace_possessor' | 'trace_associate' | 'trace_hop' | 'recovery' | 'tip' | 'case' | 'sale' | 'association';
  id: number;
  label: string;
  date: string | null;
}

export interface PersonRecordView {
  id: number;
  role: string;
  given_name: string | null;
  middle_name: string | null;
  surname: string | null;
  maternal_surname: string | null;
  full_name: string | null;
  aliases: string[];
  dob: string | null;
  sex: string | null;
  id_number: string | null;
  id_type: string | null;
  id_state: string | null;
  street_raw: string | null;
  city: string | null;
  state: string | null;
  postcode: string | null;
  country: string | null;
  phone: string | null;
  email: string | null;
  agency_id: number | null;
  agency_ori: string | null;
  source_kind: string;
  source_ref: string;
  import_file: string | null;
  created_at: string;
  link: { linked_to: number | null; basis: string; probability: number | null; explanation: LinkReason | null; run_id: number } | null;
  attributes: { kind: string; value_raw: string; observed_on: string | null }[];
  sources: SourceRef[];
}

export interface PersonView {
  person: {
    id: number;
    display_name: string;
    dob: string | null;
    resolved: boolean;
    retired: boolean;
    last_run_id: number | null;
    updated_at: string | null;
  };
  records: PersonRecordView[];
  review: { id: number; record_a_id: number; record_b_id: number; probability: number; joined: boolean; status: string }[];
  decisions: { id: number; record_a_id: number; record_b_id: number; decision: string; note: string | null; decided_at: string; decided_by: string | null }[];
}

const RECORD_FIELDS = sql`r.id, r.role, r.given_name, r.middle_name, r.surname, r.maternal_surname, r.full_name, r.aliases,
  r.dob::text AS dob, r.sex, r.id_number, r.id_type, r.id_state, r.street_raw, r.city, r.state, r.postcode, r.country, r.phone, r.email,
  r.agency_id, a.ori AS agency_ori, r.source_kind, r.source_ref, b.file_name AS import_file, r.created_at`;

export async function recordsByIds(tx: Tx, ids: number[]): Promise<Omit<PersonRecordView, 'link' | 'attributes' | 'sources'>[]> {
  if (ids.length === 0) return [];
  const rows = await sql<Omit<PersonRecordView, 'link' | 'attributes' | 'sources'>>`
    SELECT ${RECORD_FIELDS}
    FROM person_records r LEFT JOIN agencies a ON a.id = r.agency_id LEFT JOIN import_batches b ON b.id = r.import_batch_id
    WHERE r.id = ANY(${ids}::bigint[]) ORDER BY r.id`.execute(tx);
  return rows.rows;
}

/** Where each record came from: the reports, traces, recoveries, tips and cases that name it (visible ones only). */
export async function sourcesOf(tx: Tx, scope: Scope, ids: number[]): Promise<Map<number, SourceRef[]>> {
  const out = new Map<number, SourceRef[]>();
  if (ids.length === 0) return out;
  const rows = await sql<SourceRef & { record_id: number }>`
    SELECT m.buyer_record_id AS record_id, 'multiple_sale' AS kind, m.id, 'F ' || m.form || ' report ' || m.report_ref || ' (' || m.dealer_licence || ')' AS label, m.report_date::text AS date
      FROM multiple_sale_reports m WHERE m.buyer_record_id = ANY(${ids}::bigint[])
    UNION ALL
    SELECT t.buyer_record_id, 'trace_buyer', t.id, 'trace ' || t.trace_number || ' (first buyer)', coalesce(t.sale_date, t.submitted_at::date)::text
      FROM trace_requests t WHERE t.buyer_record_id = ANY(${ids}::bigint[]) AND ${recordScope(scope, 't')}
    UNION ALL
    SELECT t.possessor_record_id, 'trace_possessor', t.id, 'trace ' || t.trace_number || ' (possessor)', t.submitted_at::date::text
      FROM trace_requests t WHERE t.possessor_record_id = ANY(${ids}::bigint[]) AND ${recordScope(scope, 't')}
    UNION ALL
    SELECT ta.person_record_id, 'trace_associate', t.id, 'trace ' || t.trace_number || ' (associate' || coalesce(', ' || ta.relationship, '') || ')', t.submitted_at::date::text
      FROM trace_associates ta JOIN trace_requests t ON t.id = ta.trace_id WHERE ta.person_record_id = ANY(${ids}::bigint[]) AND ${recordScope(scope, 't')}
    UNION ALL
    SELECT h.person_record_id, 'trace_hop', t.id, 'trace ' || t.trace_number || ' (chain, ' || h.role || ')', coalesce(h.disposed_on, h.received_on)::text
      FROM trace_hops h JOIN trace_requests t ON t.id = h.trace_id WHERE h.person_record_id = ANY(${ids}::bigint[]) AND ${recordScope(scope, 't')}
    UNION ALL
    SELECT rc.possessor_record_id, 'recovery', rc.id, 'recovery ' || coalesce(rc.recovery_ref, rc.id::text) || coalesce(' in ' || rc.city, ''), rc.recovered_on::text
      FROM recoveries rc WHERE rc.possessor_record_id = ANY(${ids}::bigint[]) AND (rc.agency_id IS NULL OR ${recordScope(scope, 'rc')})
    UNION ALL
    SELECT d.person_record_id, 'tip', d.id, 'dealer tip ' || coalesce(d.tip_ref, d.id::text) || ' (' || d.dealer_licence || ')', d.tip_date::text
      FROM dealer_tips d WHERE d.person_record_id = ANY(${ids}::bigint[])
    UNION ALL
    SELECT s.person_record_id, 'case', c.id, 'case ' || c.case_number || ' (' || s.role || ')', s.created_at::date::text
      FROM case_subjects s JOIN cases c ON c.id = s.case_id WHERE s.person_record_id = ANY(${ids}::bigint[]) AND ${recordScope(scope, 'c')}
    UNION ALL
    SELECT sa.buyer_record_id, 'sale', sa.id, 'sale (' || sa.source_kind || coalesce(', ' || sa.dealer_licence, '') || ')', sa.sold_on::text
      FROM sales sa WHERE sa.buyer_record_id = ANY(${ids}::bigint[]) AND sa.source_kind NOT IN ('multiple_sale', 'trace_result')
    UNION ALL
    SELECT x.rid, 'association', x.id, 'association: ' || x.kind, x.observed_on::text
      FROM (SELECT id, kind, observed_on, record_a_id AS rid FROM associations UNION ALL SELECT id, kind, observed_on, record_b_id FROM associations) x
      WHERE x.rid = ANY(${ids}::bigint[])
    ORDER BY 1, 5 NULLS LAST, 3`.execute(tx);
  for (const r of rows.rows) {
    const list = out.get(r.record_id) ?? out.set(r.record_id, []).get(r.record_id)!;
    list.push({ kind: r.kind, id: r.id, label: r.label, date: r.date });
  }
  return out;
}

/** The person with this id, as far as the scope shows it; null when nothing of it is visible (or it does not exist). */
export async function personView(tx: Tx, scope: Scope, personId: number): Promise<PersonView | null> {
  const recs = await sql<{ person_record_id: number; resolved: boolean }>`
    SELECT rp.person_record_id, rp.resolved FROM resolved_person_records rp JOIN person_records r ON r.id = rp.person_record_id
    WHERE rp.person_id = ${personId} AND ${recordScope(scope, 'r')} ORDER BY rp.person_record_id`.execute(tx);
  if (recs.rows.length === 0) return null;
  const ids = recs.rows.map((r) => r.person_record_id);
  const visible = new Set(ids);
  const person = await tx.selectFrom('persons').select(['id', 'display_name', 'dob', 'retired_at', 'last_run_id', 'updated_at']).where('id', '=', personId).executeTakeFirst();
  const records = await recordsByIds(tx, ids);
  const links = await tx.selectFrom('person_links').select(['person_record_id', 'linked_to', 'basis', 'probability', 'explanation', 'run_id']).where('person_record_id', '=', sql<number>`ANY(${ids}::bigint[])`).execute();
  const linkOf = new Map(links.map((l) => [l.person_record_id, l]));
  const attrs = await tx.selectFrom('person_attributes').select(['person_record_id', 'kind', 'value_raw', 'observed_on']).where('person_record_id', '=', sql<number>`ANY(${ids}::bigint[])`).orderBy('id').execute();
  const sources = await sourcesOf(tx, scope, ids);
  const review = await tx
    .selectFrom('resolution_review_items')
    .select(['id', 'record_a_id', 'record_b_id', 'probability', 'joined', 'status'])
    .where((eb) => eb.or([eb('record_a_id', '=', sql<number>`ANY(${ids}::bigint[])`), eb('record_b_id', '=', sql<number>`ANY(${ids}::bigint[])`)]))
    .orderBy('id')
    .limit(200)
    .execute();
  const decisions = await sql<PersonView['decisions'][number]>`
    SELECT c.decision_id AS id, c.record_a_id, c.record_b_id, c.decision, c.note, c.decided_at, u.username AS decided_by
    FROM resolution_constraints c LEFT JOIN users u ON u.id = c.decided_by
    WHERE c.record_a_id = ANY(${ids}::bigint[]) OR c.record_b_id = ANY(${ids}::bigint[])
    ORDER BY c.decision_id`.execute(tx);
  const first = records[0];
  return {
    person: {
      id: personId,
      display_name: person?.display_name ?? ([first.given_name, first.middle_name, first.surname, first.maternal_surname].filter(Boolean).join(' ') || first.full_name || '(no name)'),
      dob: person?.dob ?? first.dob,
      resolved: recs.rows.some((r) => r.resolved),
      retired: person?.retired_at != null,
      last_run_id: person?.last_run_id ?? null,
      updated_at: person?.updated_at ? new Date(person.updated_at).toISOString() : null,
    },
    records: records.map((r) => {
      const l = linkOf.get(r.id);
      // A link to a record the principal may not see is not shown: neither the record nor the comparison with it.
      const hidden = l?.linked_to != null && !visible.has(l.linked_to);
      return {
        ...r,
        link: l ? (hidden ? { linked_to: null, basis: 'hidden', probability: null, explanation: null, run_id: l.run_id } : { linked_to: l.linked_to, basis: l.basis, probability: l.probability, explanation: l.explanation as unknown as LinkReason | null, run_id: l.run_id }) : null,
        attributes: attrs.filter((a) => a.person_record_id === r.id).map((a) => ({ kind: a.kind, value_raw: a.value_raw, observed_on: a.observed_on })),
        sources: sources.get(r.id) ?? [],
      };
    }),
    review: review.filter((x) => visible.has(x.record_a_id) && visible.has(x.record_b_id)),
    decisions: decisions.rows.filter((d) => visible.has(d.record_a_id) && visible.has(d.record_b_id)),
  };
}

export interface ReviewItemView {
  id: number;
  status: string;
  probability: number;
  joined: boolean;
  explanation: LinkReason;
  note: string | null;
  reviewer: string | null;
  reviewed_at: string | null;
  created_at: string;
  a: Omit<PersonRecordView, 'link' | 'attributes' | 'sources'> & { person_id: number };
  b: Omit<PersonRecordView, 'link' | 'attributes' | 'sources'> & { person_id: number };
}

export async function reviewQueue(
  tx: Tx,
  scope: Scope,
  q: { status: 'pending' | 'confirmed' | 'rejected'; limit: number; offset: number },
): Promise<{ total: number; items: ReviewItemView[] }> {
  const where = sql`i.status = ${q.status} AND ${recordScope(scope, 'ra')} AND ${recordScope(scope, 'rb')}`;
  const from = sql`resolution_review_items i JOIN person_records ra ON ra.id = i.record_a_id JOIN person_records rb ON rb.id = i.record_b_id`;
  const total = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${from} WHERE ${where}`.execute(tx);
  const rows = await sql<Omit<ReviewItemView, 'a' | 'b'> & { record_a_id: number; record_b_id: number }>`
    SELECT i.id, i.status, i.probability, i.joined, i.explanation, i.note, u.username AS reviewer, i.reviewed_at, i.created_at, i.record_a_id, i.record_b_id
    FROM ${from} LEFT JOIN users u ON u.id = i.reviewer_id
    WHERE ${where}
    ORDER BY ${q.status === 'pending' ? sql`abs(i.probability - 0.5), i.id` : sql`i.reviewed_at DESC, i.id DESC`}
    LIMIT ${q.limit} OFFSET ${q.offset}`.execute(tx);
  const ids = [...new Set(rows.rows.flatMap((r) => [r.record_a_id, r.record_b_id]))];
  const recs = new Map((await recordsByIds(tx, ids)).map((r) => [r.id, r]));
  const persons = ids.length === 0 ? [] : (await sql<{ person_record_id: number; person_id: number }>`
    SELECT person_record_id, person_id FROM resolved_person_records WHERE person_record_id = ANY(${ids}::bigint[])`.execute(tx)).rows;
  const personOf = new Map(persons.map((p) => [p.person_record_id, p.person_id]));
  return {
    total: total.rows[0].n,
    items: rows.rows.map(({ record_a_id, record_b_id, ...r }) => ({
      ...r,
      a: { ...recs.get(record_a_id)!, person_id: personOf.get(record_a_id)! },
      b: { ...recs.get(record_b_id)!, person_id: personOf.get(record_b_id)! },
    })),
  };
}
