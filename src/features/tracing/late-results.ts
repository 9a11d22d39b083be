/**
 * A trace result that arrives after its trace has ended (completed or not completed), or that disagrees with the
 * hop already held at its position, is a second source, never an error: the tracing center may have corrected a
 * record, a dealer may have answered twice. Refusing it would lose what the center said. So:
 * - the trace keeps its status and its answer;
 * - the row is kept as written (hop, licensee, dates, buyer as a person record, reason) with its provenance;
 * - when it disagrees with what the trace holds, the disagreement is spelled out and a tracer is asked to review it
 *   (an alert to the tracer who has the trace, or to the tracing center's supervisors);
 * - the same row imported again adds nothing (its content hash is unique per trace).
 */
import { createHash } from 'node:crypto';
import type { Tx } from '../../db/types.js';
import type { NotCompletedReason } from '../../domain/codes.js';
import { NOT_COMPLETED_REASON_LABELS } from '../../domain/codes.js';
import type { TraceResultRow } from '../../formats/index.js';
import { conflict, notFound } from '../../server/errors.js';
import { closeAlertBySystem } from '../alerts/decisions.service.js';
import { raiseAlert, type AlertRecipient } from '../alerts/alerts.service.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import { actorOf, requireAgencyScope, requirePermission, type Principal } from '../auth/principal.js';
import { personFields } from '../ingest/normalise.js';
import { tracingSupervisors } from './clocks.service.js';
import { hasIdentity, insertPerson, type Provenance } from './records.js';
import { samePerson, type PersonFacts } from './results.js';
import { tracingRepository as repo } from './tracing.repository.js';

export const LATE_RESULT_ALERT_KIND = 'trace_result_conflict';

type Trace = NonNullable<Awaited<ReturnType<typeof repo.findTrace>>>;
type HeldHop = Awaited<ReturnType<typeof repo.hops>>[number];

/** The row's content, independent of key order and of the file it came in. */
export function resultRowHash(row: TraceResultRow): string {
  const r = row as unknown as Record<string, unknown>;
  const canon = Object.keys(r)
    .filter((k) => r[k] !== undefined && r[k] !== null && r[k] !== '')
    .sort()
    .map((k) => [k, r[k]]);
  return createHash('sha256').update(JSON.stringify(canon)).digest('hex');
}

const licenceKey = (s: string | null | undefined) => (s ? s.toUpperCase().replace(/[^A-Z0-9]/g, '') : '');
const nameKey = (s: string | null | undefined) => (s ? s.toUpperCase().replace(/[^A-Z0-9]+/g, ' ').trim() : '');

interface IncomingHop {
  role: string;
  licence: string | null;
  name: string | null;
  receivedOn: string | null;
  disposedOn: string | null;
}

export function incomingHop(row: TraceResultRow): IncomingHop {
  const sale = row.role === 'retailer' ? (row.sale_date ?? null) : null;
  return { role: row.role!, licence: row.licence_number ?? null, name: row.name ?? null, receivedOn: row.received_date ?? null, disposedOn: sale ?? row.disposed_date ?? null };
}

/** What differs between a hop held and the same position in a new source ([] when they agree). */
export function hopDifferences(held: Pick<HeldHop, 'role' | 'licence_number' | 'name' | 'received_on' | 'disposed_on'>, h: IncomingHop): string[] {
  const out: string[] = [];
  if (held.role !== h.role) out.push(`role ${held.role} held, ${h.role} in this source`);
  if (licenceKey(held.licence_number) && licenceKey(h.licence) && licenceKey(held.licence_number) !== licenceKey(h.licence)) {
    out.push(`licence ${held.licence_number} held, ${h.licence} in this source`);
  } else if (nameKey(held.name) && nameKey(h.name) && nameKey(held.name) !== nameKey(h.name) && !(licenceKey(held.licence_number) && licenceKey(held.licence_number) === licenceKey(h.licence))) {
    out.push(`licensee ${held.name} held, ${h.name} in this source`);
  }
  if (held.received_on && h.receivedOn && held.received_on !== h.receivedOn) out.push(`received ${held.received_on} held, ${h.receivedOn} in this source`);
  if (held.disposed_on && h.disposedOn && held.disposed_on !== h.disposedOn) {
    out.push(`${h.role === 'retailer' ? 'sold' : 'disposed of'} ${held.disposed_on} held, ${h.disposedOn} in this source`);
  }
  return out;
}

/** True when the held hop already says everything the incoming one says (nothing to add). */
function hopCovers(held: HeldHop, h: IncomingHop): boolean {
  const covers = (a: string | null, b: string | null, key: (s: string | null) => string = (s) => s ?? '') => !b || key(a) === key(b);
  return held.role === h.role && covers(held.licence_number, h.licence, licenceKey) && covers(held.name, h.name, nameKey) &&
    covers(held.received_on, h.receivedOn) && covers(held.disposed_on, h.disposedOn);
}

async function personFactsOf(tx: Tx, id: number | null): Promise<PersonFacts | null> {
  if (id == null) return null;
  const p = await repo.person(tx, id);
  return p ? { given_name: p.given_name, surname: p.surname, dob: p.dob } : null;
}

const describePerson = (p: PersonFacts) => [p.given_name, p.surname].filter(Boolean).join(' ') + (p.dob ? ` (born ${p.dob})` : '');
const reasonLabel = (r: string) => NOT_COMPLETED_REASON_LABELS[r as NotCompletedReason] ?? r;

export type LateOutcome = 'inserted' | 'duplicate';

/**
 * Keeps a result for a trace that has ended or whose hop position is already taken. `reason` is the stop reason of
 * a not-completed row (already read as a domain code). Returns 'duplicate' when it adds nothing.
 */
export async function recordLateResult(tx: Tx, actor: Actor, t: Trace, row: TraceResultRow, reason: NotCompletedReason | null, prov: Provenance): Promise<LateOutcome> {
  const hash = resultRowHash(row);
  const seen = await tx.selectFrom('trace_late_results').select('id').where('trace_id', '=', t.id).where('row_hash', '=', hash).executeTakeFirst();
  if (seen) return 'duplicate';
  const conflicts: string[] = [];
  let buyerFacts: PersonFacts | null = null;
  let hop: IncomingHop | null = null;
  if (reason) {
    if (t.status === 'not_completed' && t.not_completed_reason === reason) return 'duplicate';
    if (t.status === 'completed') {
      conflicts.push(`the trace was completed${t.dealer_licence ? ` (retail dealer ${t.dealer_licence}${t.sale_date ? `, sold ${t.sale_date}` : ''})` : ''}; this source says it was not: ${reasonLabel(reason)}`);
    } else if (t.status === 'not_completed') {
      conflicts.push(`the trace stopped as "${reasonLabel(t.not_completed_reason ?? '')}"; this source gives "${reasonLabel(reason)}"`);
    }
  } else {
    hop = incomingHop(row);
    const seq = row.hop_seq * 10;
    const hops = await repo.hops(tx, t.id);
    const held = hops.find((h) => h.seq === seq);
    const buyerIn = row.role === 'retailer' ? personFields(row as unknown as Record<string, unknown>, 'buyer_') : null;
    buyerFacts = buyerIn && hasIdentity(buyerIn) ? { given_name: buyerIn.given_name ?? null, surname: buyerIn.surname ?? null, dob: buyerIn.dob ?? null } : null;
    const heldBuyerId = hops.find((h) => h.seq === seq + 1 && h.role === 'buyer')?.person_record_id ?? (row.role === 'retailer' ? t.buyer_record_id : null);
    const heldBuyer = await personFactsOf(tx, heldBuyerId ?? null);
    const buyerAgrees = !buyerFacts || (heldBuyer !== null && samePerson(heldBuyer, buyerFacts));
    if (held && hopCovers(held, hop) && buyerAgrees) return 'duplicate';
    if (held) conflicts.push(...hopDifferences(held, hop).map((d) => `hop ${row.hop_seq}: ${d}`));
    if (t.status === 'not_completed') conflicts.push(`the trace stopped as "${reasonLabel(t.not_completed_reason ?? '')}"; this source names a ${hop.role} (${hop.name ?? hop.licence})`);
    if (row.role === 'retailer' && t.status === 'completed') {
      if (t.dealer_licence && hop.licence && licenceKey(t.dealer_licence) !== licenceKey(hop.licence) && !held) {
        conflicts.push(`the trace was answered with retail dealer ${t.dealer_licence}; this source names ${hop.licence}`);
      }
      if (t.sale_date && hop.disposedOn && t.sale_date !== hop.disposedOn && !held) conflicts.push(`the trace has the sale on ${t.sale_date}; this source ${hop.disposedOn}`);
    }
    if (buyerFacts && heldBuyer && !samePerson(heldBuyer, buyerFacts)) {
      conflicts.push(`first buyer ${describePerson(heldBuyer)} held; this source names ${describePerson(buyerFacts)}`);
    }
  }
  const buyerId = buyerFacts ? await insertPerson(tx, 'buyer', personFields(row as unknown as Record<string, unknown>, 'buyer_'), null, prov) : null;
  const late = await tx
    .insertInto('trace_late_results')
    .values({
      trace_id: t.id, row_hash: hash, kind: reason ? 'not_completed' : 'hop', trace_status: t.status, hop_seq: row.hop_seq,
      role: hop?.role ?? null, licence_number: hop?.licence ?? null, name: hop?.name ?? null, received_on: hop?.receivedOn ?? null,
      disposed_on: hop?.disposedOn ?? null, buyer_record_id: buyerId, not_completed_reason: reason, row_data: JSON.stringify(row),
      conflicts, review_status: conflicts.length ? 'open' : 'none', source_kind: prov.sourceKind, source_ref: prov.sourceRef,
      import_batch_id: prov.importBatchId,
    })
    .onConflict((oc) => oc.columns(['trace_id', 'row_hash']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!late) return 'duplicate';
  const what = reason ? `not completed (${reasonLabel(reason)})` : `hop ${row.hop_seq} (${hop!.role})`;
  await repo.insertEvent(tx, t.id, t.status, t.status, actor.userId, `further result from ${prov.sourceRef}: ${what}${conflicts.length ? `; disagrees: ${conflicts.join('; ')}` : ''}`);
  await recordAudit(tx, actor, {
    action: 'trace.late_result', targetType: 'trace', targetId: t.id, reason: t.trace_number,
    details: { lateResultId: late.id, source: prov.sourceRef, kind: reason ? 'not_completed' : 'hop', conflicts, buyerRecordId: buyerId },
  });
  if (conflicts.length) {
    const notify: AlertRecipient[] = t.assigned_to != null ? [] : await tracingSupervisors(tx);
    const alert = await raiseAlert(tx, actor, {
      kind: LATE_RESULT_ALERT_KIND,
      title: `Trace ${t.trace_number}: a further result from ${prov.sourceRef} disagrees with what the trace holds`,
      traceId: t.id,
      agencyId: t.agency_id,
      assignedTo: t.assigned_to,
      reasons: conflicts.map((c) => ({ code: 'result_disagrees', text: c, evidence: [{ type: 'trace', id: t.id }, { type: 'trace_late_result', id: late.id }] })),
      dedupeKey: `trace_result_conflict:${late.id}`,
      notify,
    });
    await tx.updateTable('trace_late_results').set({ alert_id: alert.id }).where('id', '=', late.id).execute();
  }
  return 'inserted';
}

export function lateResultsOf(tx: Tx, traceId: number) {
  return tx
    .selectFrom('trace_late_results as l')
    .leftJoin('users as u', 'u.id', 'l.reviewed_by')
    .select([
      'l.id', 'l.kind', 'l.trace_status', 'l.hop_seq', 'l.role', 'l.licence_number', 'l.name', 'l.received_on', 'l.disposed_on', 'l.buyer_record_id',
      'l.not_completed_reason', 'l.conflicts', 'l.review_status', 'l.reviewed_at', 'l.review_note', 'u.username as reviewed_by', 'l.alert_id',
      'l.source_kind', 'l.source_ref', 'l.created_at',
    ])
    .where('l.trace_id', '=', traceId)
    .orderBy('l.id')
    .execute();
}

/** A tracer has looked at a disagreement: recorded with their note; the review alert closes. */
export async function reviewLateResult(tx: Tx, p: Principal, traceId: number, lateId: number, note: string) {
  requirePermission(p, 'trace:work');
  const t = await repo.lockTrace(tx, traceId);
  if (!t) throw notFound('Trace');
  requireAgencyScope(p, t.agency_id, 'Trace');
  const l = await tx.selectFrom('trace_late_results').selectAll().where('id', '=', lateId).where('trace_id', '=', traceId).forUpdate().executeTakeFirst();
  if (!l) throw notFound('Late result');
  if (l.review_status !== 'open') throw conflict(l.review_status === 'reviewed' ? 'This result has already been reviewed' : 'This result agrees with the trace: there is nothing to review');
  await tx.updateTable('trace_late_results').set({ review_status: 'reviewed', reviewed_by: p.userId, reviewed_at: new Date(), review_note: note }).where('id', '=', lateId).execute();
  if (l.alert_id) await closeAlertBySystem(tx, actorOf(p), l.alert_id, `reviewed by ${p.username}: ${note}`);
  await repo.insertEvent(tx, traceId, t.status, t.status, p.userId, `further result ${lateId} reviewed: ${note}`);
  await recordAudit(tx, actorOf(p), { action: 'trace.late_result_reviewed', targetType: 'trace', targetId: traceId, reason: t.trace_number, details: { lateResultId: lateId, note } });
  return { id: lateId, reviewStatus: 'reviewed' };
}
