/**
 * Submitting a trace request (ATF F 3312.1), by a requester on the web or the API, or in a file: one code path.
 *
 * In one transaction: the gun, the recovery, the possessor and associates are stored as written (with normalised
 * values beside them); the clock starts (urgent 24 h, routine 7 days); a duplicate request is caught; the trace is
 * answered from what Interdict already holds where it can be (results that arrived first, an earlier trace of the
 * same gun, a multiple-sale report, a theft report), saying which source answered; and the gun is matched against
 * the suspect-gun register now, not when the trace completes.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';
import type { TracePriority } from '../../domain/codes.js';
import type { TraceRequestRow, TraceResultRow } from '../../formats/index.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import { matchObservation, type MatchOutcome } from '../suspects/matching.service.js';
import { applyResultRow } from './apply-results.js';
import { completeTrace, stopTrace } from './complete.service.js';
import { traceDueAt, traceNumberSql } from './lifecycle.js';
import { personFields } from '../ingest/normalise.js';
import { hasIdentity, insertFirearm, insertPerson, type FirearmIdentity, type Provenance } from './records.js';
import { tracingRepository as repo } from './tracing.repository.js';

export interface SubmitContext {
  actor: Actor;
  agencyId: number;
  requestedBy: number | null;
  provenance: Provenance;
  now?: Date;
}

export interface SubmitResult {
  id: number;
  traceNumber: string;
  /** The same request (same agency and request id) was already held: nothing new was stored. */
  alreadyHeld: boolean;
  status: string;
  duplicateOf: number | null;
  answeredBySource: string | null;
  matches: MatchOutcome[];
}

function place(row: TraceRequestRow): string {
  return [row.recovery_city, row.recovery_state ?? row.recovery_mx_state, row.recovery_country].filter(Boolean).join(', ');
}

export async function submitTrace(tx: Tx, row: TraceRequestRow, c: SubmitContext): Promise<SubmitResult> {
  const held = await repo.findByRef(tx, c.agencyId, row.request_id);
  if (held) {
    return {
      id: held.id, traceNumber: held.trace_number, alreadyHeld: true, status: held.status, duplicateOf: held.duplicate_of,
      answeredBySource: held.answered_by_source, matches: [],
    };
  }
  const now = c.now ?? new Date();
  const prov = c.provenance;
  const gun = await insertFirearm(tx, { ...row, obliterated: row.serial_obliterated }, prov);
  const possessor = personFields(row as unknown as Record<string, unknown>, 'possessor_');
  const possessorId = hasIdentity(possessor) ? await insertPerson(tx, 'possessor', possessor, c.agencyId, prov) : null;
  const recovery = await tx
    .insertInto('recoveries')
    .values({
      firearm_id: gun.id, agency_id: c.agencyId, recovered_on: row.recovery_date, address: row.recovery_address ?? null,
      city: row.recovery_city ?? null, state: row.recovery_state ?? null, mx_state: row.recovery_mx_state ?? null,
      country: row.recovery_country, lat: row.recovery_lat ?? null, lon: row.recovery_lon ?? null, ncic_code: row.ncic_code ?? null,
      possessor_record_id: possessorId, source_kind: prov.sourceKind, source_ref: prov.sourceRef, import_batch_id: prov.importBatchId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const priority = row.priority as TracePriority;
  const contact = [row.contact_phone].filter(Boolean).join(' ') || null;
  const trace = await tx
    .insertInto('trace_requests')
    .values({
      trace_number: traceNumberSql(now.getUTCFullYear()), request_ref: row.request_id, request_date: row.request_date, agency_id: c.agencyId,
      requested_by: c.requestedBy, priority, urgent_justification: row.urgent_justification ?? null,
      special_instructions: row.special_instructions ?? null, ncic_code: row.ncic_code ?? null, project_code: row.project_code ?? null,
      requester_officer: row.officer_name ?? null, requester_badge: row.officer_badge ?? null,
      requester_case_number: row.agency_case_number ?? null, requester_contact: contact, requester_email: row.contact_email ?? null,
      requester_agency_name: row.requester_agency ?? null, atf_agent: row.atf_agent ?? null, atf_office: row.atf_office ?? null,
      atf_case_number: row.atf_case_number ?? null, firearm_id: gun.id, recovery_id: recovery.id, possessor_record_id: possessorId,
      status: 'submitted', submitted_at: now, due_at: traceDueAt(priority, now), source_kind: prov.sourceKind,
      source_ref: prov.sourceRef, import_batch_id: prov.importBatchId,
    })
    .returning(['id', 'trace_number'])
    .executeTakeFirstOrThrow();
  const traceNumber = trace.trace_number;
  const associateIds: number[] = [];
  for (const a of row.associates ?? []) {
    const { relationship, ...person } = a;
    if (!hasIdentity(person)) continue;
    const pid = await insertPerson(tx, 'associate', person, c.agencyId, prov);
    associateIds.push(pid);
    await tx.insertInto('trace_associates').values({ trace_id: trace.id, person_record_id: pid, relationship: relationship ?? null }).execute();
  }
  await repo.insertEvent(tx, trace.id, null, 'submitted', c.actor.userId, `${priority}; due ${traceDueAt(priority, now).toISOString()}`);
  await recordAudit(tx, c.actor, {
    action: 'trace.submitted', targetType: 'trace', targetId: trace.id, reason: row.agency_case_number ?? traceNumber,
    details: { traceNumber, requestRef: row.request_id, priority, possessorRecordId: possessorId, associateRecordIds: associateIds, source: prov.sourceRef },
  });

  const auto = await answerFromHeld(tx, c.actor, trace.id, row, gun, c.agencyId);
  // A duplicate of a request already held was matched when the first one came in.
  const matches = auto.duplicateOf
    ? []
    : await matchObservation(tx, c.actor, {
        firearmId: gun.id, serialKey: gun.identity.serialKey,
        marks: { serial: row.serial ?? null, maker: row.manufacturer ?? null, importer: row.importer ?? null, model: row.model ?? null, caliber: row.caliber ?? null },
        traceId: trace.id, traceNumber, recoveryId: recovery.id, ncicCode: row.ncic_code ?? null, recoveredOn: row.recovery_date, place: place(row),
      });
  const after = auto.changed
    ? await tx.selectFrom('trace_requests').select(['status', 'answered_by_source']).where('id', '=', trace.id).executeTakeFirstOrThrow()
    : { status: 'submitted', answered_by_source: null };
  return {
    id: trace.id, traceNumber, alreadyHeld: false, status: after.status, duplicateOf: auto.duplicateOf,
    answeredBySource: after.answered_by_source, matches,
  };
}

/**
 * Looks in what is held and ends the trace where it can. Order: a duplicate request first (same agency, same gun,
 * same recovery date); then results imported before the request; then an earlier completed trace of the same gun;
 * then a multiple-sale report naming it; then a dealer's theft or loss report.
 */
async function answerFromHeld(
  tx: Tx,
  actor: Actor,
  traceId: number,
  row: TraceRequestRow,
  inserted: { id: number; identity: FirearmIdentity },
  agencyId: number,
): Promise<{ duplicateOf: number | null; changed: boolean }> {
  const gun = inserted.identity;
  const key = gun.serialKey && !gun.serialPartial ? gun.serialKey : null;
  // Most guns are new: one probe says so, and the four look-ups below are skipped.
  const held = await sql<{ pending: boolean; seen: boolean }>`
    SELECT EXISTS (SELECT 1 FROM pending_trace_results WHERE request_ref = ${row.request_id}) AS pending,
           EXISTS (SELECT 1 FROM firearms WHERE serial_key = ${key} AND id <> ${inserted.id}) AS seen`.execute(tx);
  if (!held.rows[0].pending && !held.rows[0].seen) return { duplicateOf: null, changed: false };
  const earlier = key ? await repo.sameGunTraces(tx, key, gun.maker, traceId) : [];
  const original = earlier.find((e) => e.agency_id === agencyId && e.recovered_on === row.recovery_date && e.duplicate_of === null);
  if (original) {
    await stopTrace(tx, actor, traceId, 'duplicate_request', `same gun and recovery as ${original.trace_number}`, original.id);
    return { duplicateOf: original.id, changed: true };
  }

  const pending = await tx.selectFrom('pending_trace_results').selectAll().where('request_ref', '=', row.request_id).orderBy('hop_seq').execute();
  if (pending.length) {
    for (const p of pending) {
      await applyResultRow(tx, actor, traceId, p.row_data as unknown as TraceResultRow, { sourceKind: 'trace_result', sourceRef: p.source_ref, importBatchId: p.import_batch_id });
    }
    await tx.deleteFrom('pending_trace_results').where('request_ref', '=', row.request_id).execute();
    const now = await repo.findTrace(tx, traceId);
    if (now && (now.status === 'completed' || now.status === 'not_completed')) return { duplicateOf: null, changed: true };
  }
  if (!key || !held.rows[0].seen) return { duplicateOf: null, changed: true };

  const done = earlier.find((e) => e.status === 'completed' && e.dealer_licence);
  if (done) {
    const hops = await repo.hops(tx, done.id);
    for (const h of hops) {
      await repo.insertHop(tx, traceId, h.seq, {
        role: h.role, licence_number: h.licence_number, name: h.name, received_on: h.received_on, disposed_on: h.disposed_on,
        state: h.state, country: h.country, person_record_id: h.person_record_id, entered_by: null,
        source_kind: 'earlier_trace', source_ref: done.trace_number,
      });
    }
    await completeTrace(tx, actor, traceId, { kind: 'earlier_trace', ref: done.trace_number });
    return { duplicateOf: null, changed: true };
  }

  const sales = await repo.multipleSalesOf(tx, key, gun.maker);
  const sale = sales.find((s) => s.buyer_record_id !== null && s.buyer_purged_at === null) ?? sales[0];
  if (sale) {
    await repo.insertHop(tx, traceId, 90, {
      role: 'retailer', licence_number: sale.dealer_licence, name: sale.dealer_name ?? sale.dealer_registered_name, received_on: null,
      disposed_on: sale.transfer_date, state: sale.dealer_state, country: 'US', person_record_id: null, entered_by: null,
      source_kind: 'multiple_sale', source_ref: `${sale.form}:${sale.report_ref}`,
    });
    if (sale.buyer_record_id !== null && sale.buyer_purged_at === null) {
      await repo.insertHop(tx, traceId, 91, {
        role: 'buyer', licence_number: null, name: null, received_on: sale.transfer_date, disposed_on: null, state: null, country: null,
        person_record_id: sale.buyer_record_id, entered_by: null, source_kind: 'multiple_sale', source_ref: `${sale.form}:${sale.report_ref}`,
      });
    }
    await completeTrace(tx, actor, traceId, { kind: 'multiple_sale', ref: `${sale.form}:${sale.report_ref}` });
    await tx.updateTable('multiple_sale_reports').set({ traced: true }).where('id', '=', sale.report_id).execute();
    return { duplicateOf: null, changed: true };
  }

  const thefts = await repo.theftReportsOf(tx, key, gun.maker);
  if (thefts.length) {
    const th = thefts[0];
    await repo.insertHop(tx, traceId, 90, {
      role: 'retailer', licence_number: th.dealer_licence, name: th.dealer_name, received_on: null, disposed_on: th.incident_date ?? th.report_date,
      state: th.dealer_state, country: 'US', person_record_id: null, entered_by: null, source_kind: 'theft_report', source_ref: th.report_ref,
    });
    await completeTrace(tx, actor, traceId, { kind: 'theft_report', ref: th.report_ref });
  }
  return { duplicateOf: null, changed: true };
}
