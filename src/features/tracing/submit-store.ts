/**
 * The statements of a trace submission, set-based: however many requests are submitted together (one from the web
 * or the API, up to STORE_CHUNK from an import batch), they cost three statements:
 *
 * 1. lookUp: takes the audit chain's lock and, in the same round trip, finds which requests are already held, which
 *    have results waiting for them, which guns are already known by their match key, and the suspect-gun register
 *    candidates of every gun (registerManySql).
 * 2. storePrepared, first statement: draws every id from its sequence (so the rows below can name each other
 *    without waiting for RETURNING) and reads the hash at the end of the audit chain.
 * 3. storePrepared, second statement: one INSERT per table (firearms, people, recoveries, trace requests, associates,
 *    events, audit events) as data-modifying CTEs of a single statement. Foreign keys are checked at the end of the
 *    statement, when every row is in.
 *
 * Behaviour is the per-request path's (submit.service.ts decides which requests may go together).
 */
import { sql, type Insertable } from 'kysely';
import type { DB, Tx } from '../../db/types.js';
import type { TracePriority } from '../../domain/codes.js';
import { UNKNOWN } from '../../domain/serial.js';
import type { TraceRequestRow } from '../../formats/index.js';
import { AUDIT_LOCK, chainAuditRows, type Actor } from '../audit/audit.service.js';
import { GENESIS_HASH } from '../audit/audit.hash.js';
import { firearmColumns, personAliases, personColumns, personFields, type FirearmColumns, type PersonIn } from '../ingest/normalise.js';
import { groupCandidates, probesOf, registerCandidates, registerManySql, type RegisterCandidate } from '../suspects/candidates.js';
import { formatTraceNumber, traceDueAt } from './lifecycle.js';
import { hasIdentity, identityOf, type FirearmIdentity, type Provenance } from './records.js';

/** Requests stored per statement: about 110 parameters each, well under PostgreSQL's 65,535. */
export const STORE_CHUNK = 200;

export interface SubmitContext {
  actor: Actor;
  agencyId: number;
  requestedBy: number | null;
  provenance: Provenance;
  now?: Date;
}

export interface Prepared {
  row: TraceRequestRow;
  c: SubmitContext;
  now: Date;
  gun: FirearmColumns;
  identity: FirearmIdentity;
  /** The key the look-ups in what is held use: a full match key, none for a partial serial. */
  heldKey: string | null;
  possessor: PersonIn | null;
  associates: Array<{ person: PersonIn; relationship: string | null }>;
}

export function prepare(row: TraceRequestRow, c: SubmitContext): Prepared {
  const gun = firearmColumns({ ...row, obliterated: row.serial_obliterated });
  const identity = identityOf(gun);
  const possessor = personFields(row as unknown as Record<string, unknown>, 'possessor_');
  const associates = (row.associates ?? [])
    .map(({ relationship, ...person }) => ({ person: person as PersonIn, relationship: relationship ?? null }))
    .filter((a) => hasIdentity(a.person));
  return {
    row, c, now: c.now ?? new Date(), gun, identity, heldKey: gun.serial_key && !gun.serial_partial ? gun.serial_key : null,
    possessor: hasIdentity(possessor) ? possessor : null, associates,
  };
}

export interface HeldRequest {
  id: number;
  trace_number: string;
  status: string;
  duplicate_of: number | null;
  answered_by_source: string | null;
}

export interface LookUp {
  /** The request already held under the same agency and request id, per item. */
  held: Array<HeldRequest | undefined>;
  /** Results imported before the request are waiting for it (pending_trace_results), per item. */
  pending: boolean[];
  /** A gun with the item's full match key is already held, per item. */
  seen: boolean[];
  /** Suspect-gun register candidates of the item's gun, per item. */
  candidates: RegisterCandidate[][];
}

export async function lookUp(tx: Tx, items: Prepared[]): Promise<LookUp> {
  const agencies = items.map((p) => p.c.agencyId);
  const refs = items.map((p) => p.row.request_id);
  const heldKeys = items.map((p) => p.heldKey).filter((k): k is string => k !== null);
  const matchKeys = items.map((p) => p.identity.serialKey);
  const { probes, owner } = probesOf(matchKeys);
  const full = probes.length
    ? sql`(SELECT coalesce(json_agg(c), '[]'::json) FROM (${registerManySql(probes, owner, matchKeys)}) c)`
    : sql`'[]'::json`;
  // Partial keys (an obliterated serial, rare) search by pattern, one statement each (registerCandidates).
  const r = await sql<{ locked: number; held: Array<HeldRequest & { agency_id: number; request_ref: string }>; pending: string[]; seen: string[]; candidates: Array<RegisterCandidate & { i: number }> }>`
    SELECT (SELECT 1 FROM pg_advisory_xact_lock(${AUDIT_LOCK})) AS locked,
      (SELECT coalesce(json_agg(json_build_object('agency_id', t.agency_id, 'request_ref', t.request_ref, 'id', t.id,
                 'trace_number', t.trace_number, 'status', t.status, 'duplicate_of', t.duplicate_of, 'answered_by_source', t.answered_by_source)), '[]'::json)
       FROM trace_requests t JOIN unnest(${agencies}::bigint[], ${refs}::text[]) AS q(agency_id, request_ref)
         ON t.agency_id = q.agency_id AND t.request_ref = q.request_ref) AS held,
      ARRAY(SELECT DISTINCT request_ref FROM pending_trace_results WHERE request_ref = ANY(${refs}::text[])) AS pending,
      ARRAY(SELECT DISTINCT serial_key FROM firearms WHERE serial_key = ANY(${heldKeys}::text[])) AS seen,
      ${full} AS candidates`.execute(tx);
  const row = r.rows[0];
  const held = new Map(row.held.map((h) => [`${Number(h.agency_id)}\u0000${h.request_ref}`, h]));
  const pending = new Set(row.pending);
  const seen = new Set(row.seen);
  const candidates = groupCandidates(items.length, row.candidates);
  for (let i = 0; i < items.length; i++) {
    const k = matchKeys[i];
    if (k && k.includes(UNKNOWN)) candidates[i] = await registerCandidates(tx, k);
  }
  return {
    held: items.map((p) => {
      const h = held.get(`${p.c.agencyId}\u0000${p.row.request_id}`);
      return h && { id: Number(h.id), trace_number: h.trace_number, status: h.status, duplicate_of: h.duplicate_of === null ? null : Number(h.duplicate_of), answered_by_source: h.answered_by_source };
    }),
    pending: items.map((p) => pending.has(p.row.request_id)),
    seen: items.map((p) => p.heldKey !== null && seen.has(p.heldKey)),
    candidates,
  };
}

export interface Stored {
  traceId: number;
  traceNumber: string;
  firearmId: number;
  recoveryId: number;
  possessorId: number | null;
  associateIds: number[];
}

const seqOf = (table: string) => sql`pg_get_serial_sequence(${table}, 'id')`;
const draw = (table: string, n: number) => sql`ARRAY(SELECT nextval(${seqOf(table)}) FROM generate_series(1, ${n}::int))`;

function personRow(role: string, p: PersonIn, id: number, agencyId: number | null, prov: Provenance) {
  return {
    id, role, ...personColumns(p, undefined, ''), aliases: personAliases(p), agency_id: agencyId,
    source_kind: prov.sourceKind, source_ref: prov.sourceRef, import_batch_id: prov.importBatchId,
  };
}

/**
 * Stores the requests (none of them already held) as submitted, with their guns, recoveries, people, events and
 * audit events. The caller holds the audit lock (lookUp takes it), so the chain read here is still its end when
 * the rows go in.
 */
export async function storePrepared(tx: Tx, items: Prepared[]): Promise<Stored[]> {
  if (items.length === 0) return [];
  const n = items.length;
  const nPeople = items.reduce((s, p) => s + (p.possessor ? 1 : 0) + p.associates.length, 0);
  const ids = (
    await sql<{ f: number[]; p: number[]; r: number[]; t: number[]; tn: number[]; last: string | null }>`
      SELECT ${draw('firearms', n)} AS f, ${draw('person_records', nPeople)} AS p, ${draw('recoveries', n)} AS r,
             ${draw('trace_requests', n)} AS t, ARRAY(SELECT nextval('trace_number_seq') FROM generate_series(1, ${n}::int)) AS tn,
             (SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1) AS last`.execute(tx)
  ).rows[0];
  let nextPerson = 0;
  const firearms: Array<Insertable<DB['firearms']>> = [];
  const people: Array<Insertable<DB['person_records']>> = [];
  const recoveries: Array<Insertable<DB['recoveries']>> = [];
  const traces: Array<Insertable<DB['trace_requests']>> = [];
  const associates: Array<Insertable<DB['trace_associates']>> = [];
  const events: Array<Insertable<DB['trace_events']>> = [];
  const audits: Array<Insertable<DB['audit_events']>> = [];
  const stored: Stored[] = [];
  let prevHash = ids.last ?? GENESIS_HASH;
  for (let i = 0; i < n; i++) {
    const { row, c, now, gun, possessor } = items[i];
    const prov = c.provenance;
    const firearmId = Number(ids.f[i]);
    const recoveryId = Number(ids.r[i]);
    const traceId = Number(ids.t[i]);
    const traceNumber = formatTraceNumber(now.getUTCFullYear(), Number(ids.tn[i]));
    const srcCols = { source_kind: prov.sourceKind, source_ref: prov.sourceRef, import_batch_id: prov.importBatchId };
    firearms.push({ id: firearmId, ...gun, ...srcCols });
    const possessorId = possessor ? Number(ids.p[nextPerson++]) : null;
    if (possessor) people.push(personRow('possessor', possessor, possessorId!, c.agencyId, prov));
    recoveries.push({
      id: recoveryId, firearm_id: firearmId, agency_id: c.agencyId, recovered_on: row.recovery_date, address: row.recovery_address ?? null,
      city: row.recovery_city ?? null, state: row.recovery_state ?? null, mx_state: row.recovery_mx_state ?? null,
      country: row.recovery_country, lat: row.recovery_lat ?? null, lon: row.recovery_lon ?? null, ncic_code: row.ncic_code ?? null,
      possessor_record_id: possessorId, ...srcCols,
    });
    const priority = row.priority as TracePriority;
    const due = traceDueAt(priority, now);
    traces.push({
      id: traceId, trace_number: traceNumber, request_ref: row.request_id, request_date: row.request_date, agency_id: c.agencyId,
      requested_by: c.requestedBy, priority, urgent_justification: row.urgent_justification ?? null,
      special_instructions: row.special_instructions ?? null, ncic_code: row.ncic_code ?? null, project_code: row.project_code ?? null,
      requester_officer: row.officer_name ?? null, requester_badge: row.officer_badge ?? null,
      requester_case_number: row.agency_case_number ?? null, requester_contact: row.contact_phone || null, requester_email: row.contact_email ?? null,
      requester_agency_name: row.requester_agency ?? null, atf_agent: row.atf_agent ?? null, atf_office: row.atf_office ?? null,
      atf_case_number: row.atf_case_number ?? null, firearm_id: firearmId, recovery_id: recoveryId, possessor_record_id: possessorId,
      status: 'submitted', submitted_at: now, due_at: due, ...srcCols,
    });
    const associateIds: number[] = [];
    for (const a of items[i].associates) {
      const pid = Number(ids.p[nextPerson++]);
      associateIds.push(pid);
      people.push(personRow('associate', a.person, pid, c.agencyId, prov));
      associates.push({ trace_id: traceId, person_record_id: pid, relationship: a.relationship });
    }
    events.push({ trace_id: traceId, from_status: null, to_status: 'submitted', actor_id: c.actor.userId, note: `${priority}; due ${due.toISOString()}` });
    const [audit] = chainAuditRows(prevHash, c.actor, [{
      action: 'trace.submitted', targetType: 'trace', targetId: traceId, reason: row.agency_case_number ?? traceNumber,
      details: { traceNumber, requestRef: row.request_id, priority, possessorRecordId: possessorId, associateRecordIds: associateIds, source: prov.sourceRef },
    }]);
    prevHash = audit.hash;
    audits.push(audit);
    stored.push({ traceId, traceNumber, firearmId, recoveryId, possessorId, associateIds });
  }
  // Tables without rows are left out (an INSERT needs at least one row). Events and audit events refer to the
  // trace requests, which refer to the recoveries, guns and people: all in the one statement.
  const parts = [
    tx.insertInto('firearms').values(firearms),
    people.length ? tx.insertInto('person_records').values(people) : null,
    tx.insertInto('recoveries').values(recoveries),
    tx.insertInto('trace_requests').values(traces),
    associates.length ? tx.insertInto('trace_associates').values(associates) : null,
    tx.insertInto('trace_events').values(events),
    tx.insertInto('audit_events').values(audits),
  ].filter((x) => x !== null);
  const ctes = sql.join(parts.map((q, i) => sql`${sql.raw(`w${i}`)} AS (${q})`));
  await sql`WITH ${ctes} SELECT 1`.execute(tx);
  return stored;
}
