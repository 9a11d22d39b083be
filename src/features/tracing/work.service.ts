/**
 * The tracer's work on a trace: take it (in progress), enter each hop of the chain (maker or importer, wholesalers,
 * retail dealer, first buyer) with licences and dates, ask a dealer for its records (24-hour clock), then complete
 * it or stop it with exactly one reason. A requester may stop their own agency's request.
 */
import type { Tx } from '../../db/types.js';
import type { NotCompletedReason, TraceStatus } from '../../domain/codes.js';
import { recordAudit } from '../audit/audit.service.js';
import { actorOf, can, requireAgencyScope, requirePermission, type Principal } from '../auth/principal.js';
import { conflict, forbidden, notFound, unprocessable } from '../../server/errors.js';
import { closeAlertBySystem } from '../alerts/decisions.service.js';
import { HOP_SEQ_STEP } from './apply-results.js';
import { completeTrace, stopTrace } from './complete.service.js';
import { canTransition, dealerDueAt, isTerminal } from './lifecycle.js';
import type { PersonIn as PersonInput } from '../ingest/normalise.js';
import { hasIdentity, insertPerson } from './records.js';
import { tracingRepository as repo } from './tracing.repository.js';

async function loadForWork(tx: Tx, p: Principal, traceId: number) {
  requirePermission(p, 'trace:work');
  const t = await repo.lockTrace(tx, traceId);
  if (!t) throw notFound('Trace');
  requireAgencyScope(p, t.agency_id, 'Trace');
  return t;
}

/** The tracer takes the trace: submitted -> in progress, assigned to them. */
export async function startTrace(tx: Tx, p: Principal, traceId: number) {
  const t = await loadForWork(tx, p, traceId);
  if (t.status === 'in_progress' && t.assigned_to === p.userId) return { status: t.status };
  if (t.status !== 'in_progress' && !canTransition(t.status as TraceStatus, 'in_progress')) throw conflict(`The trace is ${t.status}`);
  await tx.updateTable('trace_requests').set({ status: 'in_progress', assigned_to: p.userId }).where('id', '=', traceId).execute();
  await repo.insertEvent(tx, traceId, t.status, 'in_progress', p.userId, `taken by ${p.username}`);
  await recordAudit(tx, actorOf(p), { action: 'trace.started', targetType: 'trace', targetId: traceId, reason: t.trace_number });
  return { status: 'in_progress' };
}

export const HOP_ROLES_ENTERED = ['manufacturer', 'importer', 'wholesaler', 'retailer', 'buyer'] as const;

export interface HopInput {
  role: (typeof HOP_ROLES_ENTERED)[number];
  licenceNumber?: string;
  name?: string;
  receivedOn?: string;
  disposedOn?: string;
  state?: string;
  country?: string;
  /** The first retail buyer, on a 'buyer' hop. */
  buyer?: PersonInput;
}

export async function addHop(tx: Tx, p: Principal, traceId: number, h: HopInput) {
  const t = await loadForWork(tx, p, traceId);
  if (isTerminal(t.status as TraceStatus)) throw conflict(`The trace is ${t.status}; its chain is closed`);
  if (h.role === 'buyer') {
    if (!h.buyer || !hasIdentity(h.buyer)) throw unprocessable('A buyer hop names the buyer (surname, given name, date of birth or ID number)');
  } else if (!h.licenceNumber && !h.name) {
    throw unprocessable('A hop names the licensee (licence number or name)');
  }
  if (h.receivedOn && h.disposedOn && h.disposedOn < h.receivedOn) throw unprocessable('disposedOn is before receivedOn');
  const seq = (await repo.maxHopSeq(tx, traceId)) + HOP_SEQ_STEP;
  const prov = { sourceKind: 'tracer', sourceRef: `user:${p.username}`, importBatchId: null };
  const personId = h.role === 'buyer' && h.buyer ? await insertPerson(tx, 'buyer', h.buyer, null, prov) : null;
  const hop = await repo.insertHop(tx, traceId, seq, {
    role: h.role, licence_number: h.licenceNumber ?? null, name: h.name ?? null, received_on: h.receivedOn ?? null,
    disposed_on: h.disposedOn ?? null, state: h.state ?? null, country: h.country ?? null, person_record_id: personId,
    entered_by: p.userId, source_kind: prov.sourceKind, source_ref: prov.sourceRef,
  });
  if (t.status === 'submitted') {
    await tx.updateTable('trace_requests').set({ status: 'in_progress', assigned_to: t.assigned_to ?? p.userId }).where('id', '=', traceId).execute();
    await repo.insertEvent(tx, traceId, 'submitted', 'in_progress', p.userId, `first hop entered by ${p.username}`);
  }
  // A licensee that answered with a hop has answered the records request.
  if (h.licenceNumber) {
    const answered = await tx
      .updateTable('trace_dealer_queries')
      .set({ answered_at: new Date(), answer_note: `hop ${seq}` })
      .where('trace_id', '=', traceId)
      .where('dealer_licence', '=', h.licenceNumber)
      .where('answered_at', 'is', null)
      .returning('id')
      .execute();
    await closeDealerAlerts(tx, p, answered.map((a) => a.id));
  }
  await recordAudit(tx, actorOf(p), {
    action: 'trace.hop_added', targetType: 'trace', targetId: traceId, reason: t.trace_number,
    details: { seq, role: h.role, licence: h.licenceNumber ?? null, personRecordId: personId },
  });
  return { hopId: hop?.id ?? null, seq };
}

async function closeDealerAlerts(tx: Tx, p: Principal, queryIds: number[]) {
  for (const q of queryIds) {
    const a = await tx.selectFrom('alerts').select('id').where('dedupe_key', '=', `dealer_overdue:${q}`).executeTakeFirst();
    if (a) await closeAlertBySystem(tx, actorOf(p), a.id, 'the dealer answered');
  }
}

/** Asks a licensee for its records; the 24-hour clock of 18 U.S.C. 923(g)(7) starts. */
export async function askDealer(tx: Tx, p: Principal, traceId: number, licence: string) {
  const t = await loadForWork(tx, p, traceId);
  if (isTerminal(t.status as TraceStatus)) throw conflict(`The trace is ${t.status}`);
  const dealer = await repo.dealerByLicence(tx, licence);
  const asked = new Date();
  const q = await tx
    .insertInto('trace_dealer_queries')
    .values({ trace_id: traceId, dealer_licence: licence, dealer_id: dealer?.id ?? null, asked_by: p.userId, asked_at: asked, due_at: dealerDueAt(asked) })
    .returning(['id', 'due_at'])
    .executeTakeFirstOrThrow();
  if (t.status === 'submitted') {
    await tx.updateTable('trace_requests').set({ status: 'in_progress', assigned_to: t.assigned_to ?? p.userId }).where('id', '=', traceId).execute();
    await repo.insertEvent(tx, traceId, 'submitted', 'in_progress', p.userId, `records asked of ${licence}`);
  }
  await recordAudit(tx, actorOf(p), { action: 'trace.dealer_asked', targetType: 'trace', targetId: traceId, reason: t.trace_number, details: { licence, queryId: q.id } });
  return { queryId: q.id, dueAt: q.due_at };
}

export async function recordDealerAnswer(tx: Tx, p: Principal, queryId: number, note: string) {
  const q = await tx.selectFrom('trace_dealer_queries').select(['id', 'trace_id', 'answered_at']).where('id', '=', queryId).executeTakeFirst();
  if (!q) throw notFound('Dealer query');
  await loadForWork(tx, p, q.trace_id);
  if (q.answered_at) throw conflict('The dealer has already answered');
  await tx.updateTable('trace_dealer_queries').set({ answered_at: new Date(), answer_note: note }).where('id', '=', queryId).execute();
  await closeDealerAlerts(tx, p, [queryId]);
  await recordAudit(tx, actorOf(p), { action: 'trace.dealer_answered', targetType: 'trace', targetId: q.trace_id, details: { queryId, note } });
  return { ok: true };
}

export async function completeByTracer(tx: Tx, p: Principal, traceId: number) {
  await loadForWork(tx, p, traceId);
  return completeTrace(tx, actorOf(p), traceId, { kind: 'tracer', ref: p.username });
}

/** Stops a trace with exactly one reason. Tracers may give any; a requester may only withdraw their own agency's. */
export async function stopByPrincipal(tx: Tx, p: Principal, traceId: number, reason: NotCompletedReason, note: string | null) {
  const t = await repo.lockTrace(tx, traceId);
  if (!t) throw notFound('Trace');
  requireAgencyScope(p, t.agency_id, 'Trace');
  if (!can(p, 'trace:work')) {
    if (!can(p, 'trace:submit') || t.agency_id !== p.agencyId) throw forbidden('Only tracers stop traces; a requester may withdraw their own');
    if (reason !== 'stopped_by_requester') throw forbidden('A requester may only stop a trace as stopped_by_requester');
  }
  if (reason === 'duplicate_request') throw unprocessable('Duplicates are found by the system and linked to their original');
  await stopTrace(tx, actorOf(p), traceId, reason, note);
  return { status: 'not_completed', reason };
}
