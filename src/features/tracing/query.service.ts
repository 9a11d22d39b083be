/**
 * Reading traces: the list (no person data), one trace with its chain as a timeline (person data: audited), and the
 * checks a form runs while the request is written (known maker, caliber, serial format, importer for foreign guns,
 * an earlier request of the same gun by the same agency). A requester sees their own agency's traces only; any
 * other looks exactly like a missing one.
 */
import type { Tx } from '../../db/types.js';
import { normalizeCaliber } from '../../domain/calibers.js';
import { NOT_COMPLETED_REASON_LABELS, type NotCompletedReason } from '../../domain/codes.js';
import { normalizeMaker } from '../../domain/makers.js';
import { parsePartialSerial } from '../../domain/serial.js';
import type { TraceRequestRow } from '../../formats/index.js';
import { recordAudit } from '../audit/audit.service.js';
import { actorOf, requireAgencyScope, requirePermission, type Principal } from '../auth/principal.js';
import { badRequest, notFound } from '../../server/errors.js';
import { hoursOverdue } from './lifecycle.js';
import { RESULT_FLAG_LABELS, TTC_BRACKET_LABELS, type ResultFlag, type TtcBracket } from './results.js';
import { submitTrace } from './submit.service.js';
import { tracingRepository as repo } from './tracing.repository.js';
import { lateResultsOf } from './late-results.js';

export async function submitByPrincipal(tx: Tx, p: Principal, row: TraceRequestRow) {
  requirePermission(p, 'trace:submit');
  // The request is made for the requester's own agency; an ORI in the body must agree.
  if (row.requester_ori && row.requester_ori !== p.agencyOri && p.visibleAgencyIds !== null) {
    throw badRequest(`requester_ori ${row.requester_ori} is not your agency (${p.agencyOri})`);
  }
  let agencyId = p.agencyId;
  if (row.requester_ori && row.requester_ori !== p.agencyOri) {
    const a = await tx.selectFrom('agencies').select('id').where('ori', '=', row.requester_ori).executeTakeFirst();
    if (!a) throw badRequest(`No agency ${row.requester_ori}`);
    agencyId = a.id;
  }
  return submitTrace(tx, row, {
    actor: actorOf(p), agencyId, requestedBy: p.userId,
    provenance: { sourceKind: 'trace_request', sourceRef: p.requestId ? `request:${p.requestId}` : `user:${p.username}`, importBatchId: null },
  });
}

export interface TraceListFilter {
  status?: string;
  priority?: string;
  serial?: string;
  overdue?: boolean;
  limit?: number;
}

export async function listTraces(tx: Tx, p: Principal, f: TraceListFilter) {
  requirePermission(p, 'trace:read');
  let q = tx
    .selectFrom('trace_requests as t')
    .innerJoin('firearms as f', 'f.id', 't.firearm_id')
    .innerJoin('agencies as a', 'a.id', 't.agency_id')
    .leftJoin('recoveries as r', 'r.id', 't.recovery_id')
    .select([
      't.id', 't.trace_number', 't.request_ref', 't.status', 't.priority', 't.not_completed_reason', 't.submitted_at', 't.due_at',
      't.completed_at', 't.answered_by_source', 't.dealer_licence', 't.sale_date', 't.ttc_days', 't.ttc_bracket', 't.result_flags',
      't.duplicate_of', 'f.serial_raw', 'f.maker', 'f.model', 'f.caliber', 'f.firearm_type', 'a.ori', 'r.recovered_on', 'r.city',
      'r.state', 'r.mx_state', 'r.country', 't.ncic_code',
    ])
    .orderBy('t.submitted_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(Math.min(f.limit ?? 200, 1000));
  if (p.visibleAgencyIds) q = q.where('t.agency_id', 'in', p.visibleAgencyIds.length ? p.visibleAgencyIds : [-1]);
  if (f.status) q = q.where('t.status', '=', f.status);
  if (f.priority) q = q.where('t.priority', '=', f.priority);
  if (f.overdue) q = q.where('t.status', 'in', ['submitted', 'in_progress']).where('t.due_at', '<', new Date());
  if (f.serial) {
    const parsed = parsePartialSerial(f.serial);
    if (!parsed.ok) throw badRequest(`serial: ${parsed.reason}`);
    const key = parsed.value.key;
    q = key.includes('?') ? q.where('f.serial_key', 'like', key.replaceAll('?', '_')) : q.where('f.serial_key', '=', key);
  }
  const now = new Date();
  return (await q.execute()).map((t) => ({
    ...t,
    overdue_hours: t.status === 'submitted' || t.status === 'in_progress' ? hoursOverdue(new Date(t.due_at), now) : 0,
  }));
}

function personOut<T>(p: T | undefined): T | null {
  return p ?? null;
}

/** One trace with the chain as a timeline. Reading the possessor, associates and buyer is audited. */
export async function getTrace(tx: Tx, p: Principal, id: number) {
  requirePermission(p, 'trace:read');
  const t = await repo.findTrace(tx, id);
  if (!t) throw notFound('Trace');
  requireAgencyScope(p, t.agency_id, 'Trace');
  const firearm = await tx.selectFrom('firearms').selectAll().where('id', '=', t.firearm_id).executeTakeFirstOrThrow();
  const recovery = t.recovery_id ? await tx.selectFrom('recoveries').selectAll().where('id', '=', t.recovery_id).executeTakeFirst() : undefined;
  const hops = await repo.hops(tx, id);
  const personIds = [
    t.possessor_record_id, t.buyer_record_id, ...hops.map((h) => h.person_record_id),
  ].filter((x): x is number => x != null);
  const associates = await tx
    .selectFrom('trace_associates')
    .select(['person_record_id', 'relationship'])
    .where('trace_id', '=', id)
    .execute();
  personIds.push(...associates.map((a) => a.person_record_id));
  // Results that came after the trace ended (or disagreed with it) are shown with the buyer they name.
  const lateResults = await lateResultsOf(tx, id);
  personIds.push(...lateResults.map((l) => l.buyer_record_id).filter((x): x is number => x != null));
  const uniqueIds = [...new Set(personIds)];
  const people = uniqueIds.length
    ? await tx
        .selectFrom('person_records')
        .select([
          'id', 'role', 'given_name', 'middle_name', 'surname', 'maternal_surname', 'aliases', 'dob', 'place_of_birth', 'sex', 'race',
          'ethnicity', 'height_in', 'weight_lb', 'street_raw', 'city', 'county', 'state', 'postcode', 'country', 'phone', 'id_number',
          'id_type', 'id_state',
        ])
        .where('id', 'in', uniqueIds)
        .execute()
    : [];
  const byId = new Map(people.map((x) => [x.id, x]));
  const events = await tx
    .selectFrom('trace_events')
    .leftJoin('users', 'users.id', 'trace_events.actor_id')
    .select(['trace_events.id', 'trace_events.at', 'trace_events.from_status', 'trace_events.to_status', 'trace_events.note', 'users.username'])
    .where('trace_id', '=', id)
    .orderBy('trace_events.at')
    .orderBy('trace_events.id')
    .execute();
  const dealerQueries = await tx.selectFrom('trace_dealer_queries').selectAll().where('trace_id', '=', id).orderBy('asked_at').execute();
  const duplicates = await tx.selectFrom('trace_requests').select(['id', 'trace_number']).where('duplicate_of', '=', id).execute();
  const original = t.duplicate_of ? await tx.selectFrom('trace_requests').select(['id', 'trace_number', 'agency_id']).where('id', '=', t.duplicate_of).executeTakeFirst() : undefined;
  if (uniqueIds.length) {
    await recordAudit(tx, actorOf(p), {
      action: 'trace.read', targetType: 'trace', targetId: id, reason: t.requester_case_number ?? t.trace_number,
      details: { personRecordIds: uniqueIds },
    });
  }
  const now = new Date();
  const open = t.status === 'submitted' || t.status === 'in_progress';
  return {
    trace: {
      ...t,
      overdue_hours: open ? hoursOverdue(new Date(t.due_at), now) : 0,
      not_completed_label: t.not_completed_reason ? NOT_COMPLETED_REASON_LABELS[t.not_completed_reason as NotCompletedReason] ?? t.not_completed_reason : null,
      ttc_bracket_label: t.ttc_bracket ? TTC_BRACKET_LABELS[t.ttc_bracket as TtcBracket] ?? t.ttc_bracket : null,
      flag_labels: t.result_flags.map((f) => RESULT_FLAG_LABELS[f as ResultFlag] ?? f),
    },
    firearm,
    recovery: recovery ?? null,
    possessor: personOut(t.possessor_record_id ? byId.get(t.possessor_record_id) : undefined),
    buyer: personOut(t.buyer_record_id ? byId.get(t.buyer_record_id) : undefined),
    associates: associates.map((a) => ({ relationship: a.relationship, person: byId.get(a.person_record_id) ?? null })),
    chain: hops.map((h) => ({ ...h, person: h.person_record_id ? byId.get(h.person_record_id) ?? null : null })),
    events,
    lateResults: lateResults.map((l) => ({
      ...l,
      not_completed_label: l.not_completed_reason ? NOT_COMPLETED_REASON_LABELS[l.not_completed_reason as NotCompletedReason] ?? l.not_completed_reason : null,
      buyer: l.buyer_record_id ? byId.get(l.buyer_record_id) ?? null : null,
    })),
    dealerQueries,
    duplicates,
    // The original of a duplicate is named only when it is in the reader's scope.
    duplicateOf: original && (p.visibleAgencyIds === null || p.visibleAgencyIds.includes(original.agency_id)) ? { id: original.id, trace_number: original.trace_number } : null,
  };
}

export interface EntryCheckInput {
  serial?: string;
  serialObliterated?: boolean;
  manufacturer?: string;
  importer?: string;
  caliber?: string;
  countryOfOrigin?: string;
  recoveryDate?: string;
}

export interface EntryCheck {
  field: string;
  level: 'error' | 'warning' | 'info';
  message: string;
}

/**
 * Checks while the form is filled in. Warnings, not refusals (the submit validates): an unknown maker may be a
 * rare one, but the requester should look again. The duplicate warning looks at the requester's own agency only.
 */
export async function checkEntry(tx: Tx, p: Principal, i: EntryCheckInput): Promise<EntryCheck[]> {
  requirePermission(p, 'trace:submit');
  const out: EntryCheck[] = [];
  let maker: string | null = null;
  if (i.manufacturer?.trim()) {
    const m = normalizeMaker(i.manufacturer);
    maker = m.canonical;
    if (!m.known) {
      out.push({ field: 'manufacturer', level: 'warning', message: m.ambiguousWith ? `"${i.manufacturer}" could be ${m.ambiguousWith.join(' or ')}: write the full name` : `"${i.manufacturer}" is not a maker we know: check the spelling on the frame` });
    } else if (m.match !== 'exact') {
      out.push({ field: 'manufacturer', level: 'info', message: `read as ${m.canonical}` });
    }
  }
  if (i.importer?.trim()) {
    const m = normalizeMaker(i.importer);
    if (!m.known) out.push({ field: 'importer', level: 'warning', message: `"${i.importer}" is not an importer we know` });
    else if (m.kind === 'maker') out.push({ field: 'importer', level: 'warning', message: `${m.canonical} is a maker, not an importer: check the import marks` });
    else if (m.match !== 'exact') out.push({ field: 'importer', level: 'info', message: `read as ${m.canonical}` });
  }
  const foreign = i.countryOfOrigin && i.countryOfOrigin.toUpperCase() !== 'US';
  if (foreign && !i.importer?.trim()) out.push({ field: 'importer', level: 'error', message: `required for a gun made abroad (${i.countryOfOrigin!.toUpperCase()})` });
  if (i.caliber?.trim()) {
    const c = normalizeCaliber(i.caliber);
    if (!c.known) out.push({ field: 'caliber', level: 'warning', message: `"${i.caliber}" is not a caliber we know` });
    else if (c.canonical !== i.caliber.trim()) out.push({ field: 'caliber', level: 'info', message: `read as ${c.canonical}` });
  }
  if (i.serial?.trim()) {
    const s = parsePartialSerial(i.serial);
    if (!s.ok) out.push({ field: 'serial', level: 'error', message: s.reason });
    else {
      if (s.value.isPartial) out.push({ field: 'serial', level: 'info', message: `${s.value.unknownCount} unreadable position(s) will be matched as wildcards` });
      if (/[OIL SBZG]/i.test(i.serial.replace(/[^A-Za-z]/g, '')) && /\d/.test(i.serial)) {
        out.push({ field: 'serial', level: 'info', message: 'letters that look like digits (O/0, I/1, S/5, B/8 ...) are matched either way' });
      }
      if (!s.value.isPartial) {
        const earlier = await repo.sameGunTraces(tx, s.value.key, maker, -1);
        const mine = earlier.filter((e) => e.agency_id === p.agencyId);
        if (mine.length) {
          const same = i.recoveryDate ? mine.filter((e) => e.recovered_on === i.recoveryDate) : [];
          out.push({
            field: 'serial',
            level: 'warning',
            message: same.length
              ? `your agency already asked for this gun, recovered the same day (${same.map((e) => e.trace_number).join(', ')}): this would be a duplicate`
              : `your agency has traced this gun before (${mine.map((e) => e.trace_number).join(', ')})`,
          });
        }
      }
    }
  } else if (!i.serialObliterated) {
    out.push({ field: 'serial', level: 'error', message: 'required unless the serial is obliterated' });
  }
  return out;
}
