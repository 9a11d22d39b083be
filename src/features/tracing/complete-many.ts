/**
 * Completing many traces at once (a results import batch ends thousands of traces): the same reading of the hops and
 * the same result as completing each in turn (complete.service.ts, which calls this with one trace), in a fixed number
 * of statements per batch instead of a dozen per trace. The traces are independent: completing one reads nothing
 * another one's completion writes.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';
import type { TraceStatus } from '../../domain/codes.js';
import { AUDIT_LOCK, chainAuditRows, type Actor } from '../audit/audit.service.js';
import { GENESIS_HASH } from '../audit/audit.hash.js';
import { closeAlertBySystem } from '../alerts/decisions.service.js';
import { conflict, unprocessable } from '../../server/errors.js';
import { canTransition } from './lifecycle.js';
import { computeResult, type PersonFacts } from './results.js';

export interface AnswerSource {
  /** 'tracer', 'trace_result_import', 'earlier_trace', 'multiple_sale', 'theft_report'. */
  kind: string;
  ref: string | null;
}

export interface Completed {
  flags: string[];
  ttcDays: number | null;
}

/** Closes the clock escalations of traces that have ended: their cause is gone. */
export async function closeClockAlerts(tx: Tx, actor: Actor, traceIds: number[]): Promise<void> {
  if (traceIds.length === 0) return;
  const open = await tx
    .selectFrom('alerts')
    .select('id')
    .where('trace_id', 'in', traceIds)
    .where('kind', 'in', ['trace_overdue', 'dealer_overdue'])
    .where('status', '!=', 'closed')
    .orderBy('id')
    .execute();
  for (const a of open) await closeAlertBySystem(tx, actor, a.id, 'the trace has ended');
}

/** Match keys (with makers) that a multiple-sale item, or a dealer's theft report, names. Index of each pair found. */
async function namedBy(tx: Tx, table: 'multiple_sale_items' | 'theft_reports', keys: string[], makers: Array<string | null>): Promise<Set<number>> {
  if (keys.length === 0) return new Set();
  const r = await sql<{ i: number }>`
    SELECT q.i FROM unnest(${keys}::text[], ${makers}::text[]) WITH ORDINALITY AS q(key, maker, i)
    WHERE EXISTS (
      SELECT 1 FROM firearms f JOIN ${sql.table(table)} x ON x.firearm_id = f.id
      WHERE f.serial_key = q.key AND (q.maker IS NULL OR f.maker IS NULL OR f.maker = q.maker))`.execute(tx);
  return new Set(r.rows.map((x) => Number(x.i) - 1));
}

/**
 * Completes each trace from its hops: the last retailer hop gives the dealer and the sale date, the buyer hop the
 * first buyer. Time-to-crime and the flags are computed and stored with it. Throws (nothing of the batch is kept by
 * the caller's transaction) when a trace cannot be completed, as completing it alone would.
 */
export async function completeTraces(tx: Tx, actor: Actor, items: Array<{ traceId: number; source: AnswerSource }>): Promise<Completed[]> {
  if (items.length === 0) return [];
  const ids = [...new Set(items.map((x) => x.traceId))];
  if (ids.length !== items.length) throw new Error('completeTraces: a trace named twice');
  const traces = new Map((await tx.selectFrom('trace_requests').selectAll().where('id', 'in', ids).forUpdate().execute()).map((t) => [t.id, t]));
  const hops = await tx
    .selectFrom('trace_hops')
    .select(['trace_id', 'seq', 'role', 'licence_number', 'name', 'disposed_on', 'state', 'person_record_id'])
    .where('trace_id', 'in', ids)
    .orderBy('trace_id')
    .orderBy('seq')
    .execute();
  const hopsOf = new Map<number, typeof hops>();
  for (const h of hops) hopsOf.set(h.trace_id, [...(hopsOf.get(h.trace_id) ?? []), h]);

  const plans = items.map(({ traceId, source }) => {
    const t = traces.get(traceId);
    if (!t) throw unprocessable('No such trace');
    if (!canTransition(t.status as TraceStatus, 'completed')) throw conflict(`The trace is ${t.status}; it cannot be completed`);
    const th = hopsOf.get(traceId) ?? [];
    const retailer = [...th].reverse().find((h) => h.role === 'retailer');
    if (!retailer) throw unprocessable('A trace is completed when the chain reaches the retail dealer: enter the retailer hop first');
    const buyerHop = th.find((h) => h.role === 'buyer' && h.seq > retailer.seq) ?? th.find((h) => h.role === 'buyer');
    return { t, source, retailer, buyerHop };
  });

  const recoveryIds = plans.map((p) => p.t.recovery_id).filter((x): x is number => x !== null);
  const licences = [...new Set(plans.map((p) => p.retailer.licence_number).filter((x): x is string => !!x))];
  const personIds = [...new Set(plans.flatMap((p) => [p.buyerHop?.person_record_id ?? null, p.t.possessor_record_id]).filter((x): x is number => x !== null))];
  const [recoveries, dealers, firearms, people] = [
    new Map((recoveryIds.length ? await tx.selectFrom('recoveries').select(['id', 'recovered_on', 'country', 'state']).where('id', 'in', recoveryIds).execute() : []).map((r) => [r.id, r])),
    new Map((licences.length ? await tx.selectFrom('dealers').select(['id', 'state', 'licence_number']).where('licence_number', 'in', licences).execute() : []).map((d) => [d.licence_number, d])),
    new Map((await tx.selectFrom('firearms').select(['id', 'serial_key', 'maker']).where('id', 'in', plans.map((p) => p.t.firearm_id)).execute()).map((f) => [f.id, f])),
    new Map((personIds.length ? await tx.selectFrom('person_records').select(['id', 'given_name', 'surname', 'maternal_surname', 'dob']).where('id', 'in', personIds).execute() : []).map((p) => [p.id, p])),
  ];
  const keyed = plans.map((p) => {
    const f = firearms.get(p.t.firearm_id);
    if (!f) throw new Error(`completeTraces: no firearm ${p.t.firearm_id}`);
    return { key: f.serial_key && !f.serial_key.includes('?') ? f.serial_key : null, maker: f.maker };
  });
  const withKey = keyed.flatMap((k, i) => (k.key ? [i] : []));
  const keys = withKey.map((i) => keyed[i].key!);
  const makers = withKey.map((i) => keyed[i].maker);
  const [sold, stolen] = [await namedBy(tx, 'multiple_sale_items', keys, makers), await namedBy(tx, 'theft_reports', keys, makers)];
  const fromMultipleSale = new Set([...sold].map((j) => withKey[j]));
  const stolenFromDealer = new Set([...stolen].map((j) => withKey[j]));

  const facts = (id: number | null | undefined): PersonFacts | null => {
    const p = id == null ? undefined : people.get(id);
    return p ? { given_name: p.given_name, surname: [p.surname, p.maternal_surname].filter(Boolean).join(' ') || null, dob: p.dob } : null;
  };
  const now = new Date();
  const done = plans.map((p, i) => {
    const recovery = p.t.recovery_id !== null ? recoveries.get(p.t.recovery_id) : undefined;
    const dealer = p.retailer.licence_number ? dealers.get(p.retailer.licence_number) : undefined;
    const saleDate = p.buyerHop ? p.retailer.disposed_on : null;
    const result = computeResult({
      saleDate,
      recoveredOn: recovery?.recovered_on ?? new Date(p.t.submitted_at).toISOString().slice(0, 10),
      recoveryCountry: recovery?.country ?? 'US',
      recoveryState: recovery?.state ?? null,
      dealerState: dealer?.state ?? p.retailer.state,
      buyer: facts(p.buyerHop?.person_record_id),
      possessor: facts(p.t.possessor_record_id),
      fromMultipleSale: fromMultipleSale.has(i),
      stolenFromDealer: p.source.kind === 'theft_report' || stolenFromDealer.has(i),
    });
    return { ...p, dealer, saleDate, result };
  });

  // The clock alerts close first (each with its own audit event); the completions' audit events follow them.
  await closeClockAlerts(tx, actor, ids);
  const tail = (
    await sql<{ hash: string | null }>`SELECT (SELECT 1 FROM pg_advisory_xact_lock(${AUDIT_LOCK})) AS locked,
      (SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1) AS hash`.execute(tx)
  ).rows[0];
  const audits = chainAuditRows(tail.hash ?? GENESIS_HASH, actor, done.map((d) => ({
    action: 'trace.completed', targetType: 'trace', targetId: d.t.id, reason: d.t.trace_number,
    details: { source: d.source.kind, ref: d.source.ref, dealer: d.retailer.licence_number, flags: d.result.flags, ttcDays: d.result.ttcDays },
  })));
  const col = <T>(f: (d: (typeof done)[number]) => T) => done.map(f);
  await sql`
    WITH upd AS (
      UPDATE trace_requests t SET status = 'completed', completed_at = ${now}, answered_by_source = u.source, answered_by_ref = u.ref,
        dealer_id = u.dealer_id, dealer_licence = u.licence, dealer_name = u.name, sale_date = u.sale_date, buyer_record_id = u.buyer,
        ttc_days = u.ttc_days, ttc_bracket = u.ttc_bracket, result_flags = string_to_array(u.flags, ',')
      FROM unnest(${col((d) => d.t.id)}::bigint[], ${col((d) => d.source.kind)}::text[], ${col((d) => d.source.ref)}::text[],
        ${col((d) => d.dealer?.id ?? null)}::bigint[], ${col((d) => d.retailer.licence_number)}::text[], ${col((d) => d.retailer.name ?? null)}::text[],
        ${col((d) => d.saleDate)}::date[], ${col((d) => d.buyerHop?.person_record_id ?? null)}::bigint[], ${col((d) => d.result.ttcDays)}::int[],
        ${col((d) => d.result.ttcBracket)}::text[], ${col((d) => d.result.flags.join(','))}::text[])
        AS u(id, source, ref, dealer_id, licence, name, sale_date, buyer, ttc_days, ttc_bracket, flags)
      WHERE t.id = u.id
      RETURNING t.id),
    ev AS (
      INSERT INTO trace_events (trace_id, from_status, to_status, actor_id, note)
      SELECT id, from_status, 'completed', ${actor.userId}::bigint, note
      FROM unnest(${col((d) => d.t.id)}::bigint[], ${col((d) => d.t.status)}::text[],
        ${col((d) => `answered by ${d.source.kind}${d.source.ref ? ` (${d.source.ref})` : ''}`)}::text[]) WITH ORDINALITY AS e(id, from_status, note, o)
      ORDER BY o)
    INSERT INTO audit_events (at, actor_id, actor_label, agency_id, action, target_type, target_id, reason, request_id, details, prev_hash, hash)
    SELECT at::timestamptz, actor_id, actor_label, agency_id, action, target_type, target_id, reason, request_id, details::jsonb, prev_hash, hash
    FROM unnest(${audits.map((a) => a.at)}::text[], ${audits.map((a) => a.actor_id)}::bigint[], ${audits.map((a) => a.actor_label)}::text[],
      ${audits.map((a) => a.agency_id)}::bigint[], ${audits.map((a) => a.action)}::text[], ${audits.map((a) => a.target_type)}::text[],
      ${audits.map((a) => a.target_id)}::text[], ${audits.map((a) => a.reason)}::text[], ${audits.map((a) => a.request_id)}::text[],
      ${audits.map((a) => a.details)}::text[], ${audits.map((a) => a.prev_hash)}::text[], ${audits.map((a) => a.hash)}::text[])
      WITH ORDINALITY AS a(at, actor_id, actor_label, agency_id, action, target_type, target_id, reason, request_id, details, prev_hash, hash, o)
    ORDER BY o`.execute(tx);
  return done.map((d) => ({ flags: d.result.flags, ttcDays: d.result.ttcDays }));
}
