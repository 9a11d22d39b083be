/**
 * What people do with the register: refer a gun, approve or reject an entry (a supervisor, never the person who
 * entered it), re-approve it at its review date, close it, confirm or reject a match, and read the register and the
 * guns still at large.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';
import type { SuspectGunRow } from '../../formats/index.js';
import { recordAudit } from '../audit/audit.service.js';
import { actorOf, can, requireAgencyScope, requirePermission, type Principal } from '../auth/principal.js';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../../server/errors.js';
import { caseRoleOf } from '../cases/cases.service.js';
import { alertAgeHours, describeAge } from '../alerts/decision-rules.js';
import { matchEntryAgainstHeld } from './matching.service.js';
import { referSuspectGun } from './register.service.js';

const today = () => new Date().toISOString().slice(0, 10);

export async function referByPrincipal(tx: Tx, p: Principal, row: SuspectGunRow) {
  requirePermission(p, 'suspect:refer');
  if (row.agency_ori !== p.agencyOri && !p.roles.includes('admin')) {
    throw badRequest(`agency_ori ${row.agency_ori} is not your agency (${p.agencyOri})`);
  }
  const r = await referSuspectGun(tx, row, {
    actor: actorOf(p),
    agencyId: p.roles.includes('admin') ? null : p.agencyId,
    enteredBy: p.userId,
    provenance: { sourceKind: 'suspect_referral', sourceRef: p.requestId ? `request:${p.requestId}` : `user:${p.username}`, importBatchId: null },
  });
  if (!r.ok) throw unprocessable(`${r.field}: ${r.reason}`, [{ field: r.field, reason: r.reason }]);
  return r;
}

async function loadEntry(tx: Tx, p: Principal, id: number) {
  const e = await tx
    .selectFrom('suspect_guns as sg')
    .innerJoin('cases', 'cases.id', 'sg.case_id')
    .innerJoin('firearms as f', 'f.id', 'sg.firearm_id')
    .leftJoin('users as inv', 'inv.id', 'sg.investigator_id')
    .leftJoin('users as appr', 'appr.id', 'sg.approved_by')
    .select([
      'sg.id', 'sg.case_id', 'sg.agency_id', 'sg.status', 'sg.reason', 'sg.reason_detail', 'sg.entered_by', 'sg.investigator_id',
      'sg.investigator_name', 'sg.approved_by', 'sg.approved_at', 'sg.review_on', 'sg.referred_on', 'sg.closed_at',
      'sg.closed_reason', 'sg.recovered_trace_id', 'sg.entry_ref', 'sg.serial_key', 'sg.serial_partial', 'sg.created_at',
      'sg.decided_note', 'f.serial_raw', 'f.maker_raw', 'f.maker', 'f.importer_raw', 'f.importer', 'f.model', 'f.caliber',
      'f.firearm_type', 'cases.case_number', 'cases.status as case_status', 'inv.username as investigator_username',
      'appr.username as approved_by_username',
    ])
    .where('sg.id', '=', id)
    .executeTakeFirst();
  if (!e) throw notFound('Suspect gun');
  requireAgencyScope(p, e.agency_id, 'Suspect gun');
  return e;
}

export async function reviewEntry(tx: Tx, p: Principal, id: number, verdict: 'approved' | 'rejected', note: string | null, reviewOn?: string) {
  requirePermission(p, 'suspect:approve');
  const e = await loadEntry(tx, p, id);
  if (e.status !== 'pending') throw conflict(`The entry is ${e.status}, not awaiting approval`);
  if (e.entered_by === p.userId || e.investigator_id === p.userId) throw forbidden('Nobody approves a flag they entered');
  if (verdict === 'approved') {
    await tx
      .updateTable('suspect_guns')
      .set({ status: 'approved', approved_by: p.userId, approved_at: new Date(), decided_note: note, ...(reviewOn ? { review_on: reviewOn } : {}) })
      .where('id', '=', id)
      .execute();
  } else {
    if (!note || note.trim().length < 5) throw unprocessable('A rejection needs a note saying why');
    await tx.updateTable('suspect_guns').set({ status: 'rejected', decided_by: p.userId, decided_note: note, closed_at: new Date() }).where('id', '=', id).execute();
  }
  await recordAudit(tx, actorOf(p), {
    action: `suspect_gun.${verdict}`, targetType: 'suspect_gun', targetId: id, reason: e.case_number, details: { note, reviewOn: reviewOn ?? null },
  });
  // Approval re-runs the search against held guns: anything recorded since entry is caught too (idempotent).
  const matches = verdict === 'approved' ? await matchEntryAgainstHeld(tx, actorOf(p), id) : [];
  return { status: verdict, newMatches: matches.length };
}

/** Periodic re-approval: a supervisor confirms the entry still belongs on the register and sets the next review. */
export async function reapproveEntry(tx: Tx, p: Principal, id: number, reviewOn: string, note: string) {
  requirePermission(p, 'suspect:approve');
  const e = await loadEntry(tx, p, id);
  if (e.status !== 'approved') throw conflict(`The entry is ${e.status}; only approved entries are re-approved`);
  if (reviewOn <= today()) throw unprocessable('The next review date must be in the future');
  if (e.entered_by === p.userId || e.investigator_id === p.userId) throw forbidden('Nobody re-approves a flag they entered');
  await tx.updateTable('suspect_guns').set({ review_on: reviewOn, approved_by: p.userId, approved_at: new Date(), decided_note: note }).where('id', '=', id).execute();
  await recordAudit(tx, actorOf(p), { action: 'suspect_gun.reapproved', targetType: 'suspect_gun', targetId: id, reason: e.case_number, details: { reviewOn, note } });
  return { reviewOn };
}

export async function closeEntry(tx: Tx, p: Principal, id: number, reason: string) {
  const e = await loadEntry(tx, p, id);
  const role = await caseRoleOf(tx, e.case_id, p.userId);
  if (!role && !can(p, 'suspect:approve')) throw forbidden('Only the people on the case or a supervisor may close the entry');
  if (!['pending', 'approved'].includes(e.status)) throw conflict(`The entry is already ${e.status}`);
  await tx.updateTable('suspect_guns').set({ status: 'closed', closed_at: new Date(), closed_reason: reason }).where('id', '=', id).execute();
  await recordAudit(tx, actorOf(p), { action: 'suspect_gun.closed', targetType: 'suspect_gun', targetId: id, reason: e.case_number, details: { why: reason } });
  return { status: 'closed' };
}

/** A person confirms (the gun is recovered: it leaves the guns at large) or rejects a candidate match. */
export async function reviewMatch(tx: Tx, p: Principal, matchId: number, verdict: 'confirmed' | 'rejected') {
  requirePermission(p, 'alert:decide');
  const m = await tx.selectFrom('suspect_matches').select(['id', 'suspect_gun_id', 'trace_id', 'status', 'alert_id']).where('id', '=', matchId).executeTakeFirst();
  if (!m) throw notFound('Match');
  const e = await loadEntry(tx, p, m.suspect_gun_id);
  const role = await caseRoleOf(tx, e.case_id, p.userId);
  if (!role) throw forbidden('Only the people on the case confirm or reject its matches');
  if (m.status !== 'candidate') throw conflict(`The match is already ${m.status}`);
  await tx.updateTable('suspect_matches').set({ status: verdict, reviewed_by: p.userId, reviewed_at: new Date() }).where('id', '=', matchId).execute();
  if (verdict === 'confirmed' && ['pending', 'approved'].includes(e.status)) {
    await tx.updateTable('suspect_guns').set({ status: 'recovered', recovered_trace_id: m.trace_id, closed_at: new Date(), closed_reason: 'recovered' }).where('id', '=', e.id).execute();
  }
  await recordAudit(tx, actorOf(p), {
    action: `suspect_match.${verdict}`, targetType: 'suspect_gun', targetId: e.id, reason: e.case_number, details: { matchId, traceId: m.trace_id },
  });
  return { status: verdict };
}

export async function listRegister(tx: Tx, p: Principal, f: { status?: string; caseId?: number; limit?: number }) {
  requirePermission(p, 'suspect:read');
  let q = tx
    .selectFrom('suspect_guns as sg')
    .innerJoin('cases', 'cases.id', 'sg.case_id')
    .innerJoin('firearms as f', 'f.id', 'sg.firearm_id')
    .select([
      'sg.id', 'sg.status', 'sg.reason', 'sg.referred_on', 'sg.review_on', 'sg.approved_at', 'sg.serial_partial', 'sg.entry_ref',
      'sg.investigator_name', 'f.serial_raw', 'f.maker', 'f.model', 'f.caliber', 'cases.case_number', 'sg.case_id',
    ])
    .select((eb) => eb.selectFrom('suspect_matches').select(eb.fn.countAll<number>().as('n')).whereRef('suspect_matches.suspect_gun_id', '=', 'sg.id').as('matches'))
    .orderBy('sg.id', 'desc')
    .limit(Math.min(f.limit ?? 500, 2000));
  if (p.visibleAgencyIds) q = q.where('sg.agency_id', 'in', p.visibleAgencyIds.length ? p.visibleAgencyIds : [-1]);
  if (f.status) q = q.where('sg.status', '=', f.status);
  if (f.caseId) q = q.where('sg.case_id', '=', f.caseId);
  const rows = await q.execute();
  const now = today();
  return rows.map((r) => ({ ...r, matches: Number(r.matches), review_due: r.status === 'approved' && r.review_on <= now }));
}

export async function getEntry(tx: Tx, p: Principal, id: number) {
  requirePermission(p, 'suspect:read');
  const e = await loadEntry(tx, p, id);
  const matches = await tx
    .selectFrom('suspect_matches as m')
    .leftJoin('trace_requests as t', 't.id', 'm.trace_id')
    .leftJoin('recoveries as r', 'r.id', 'm.recovery_id')
    .leftJoin('alerts as a', 'a.id', 'm.alert_id')
    .select([
      'm.id', 'm.score', 'm.reasons', 'm.status', 'm.matched_at', 'm.trace_id', 'm.recovery_id', 'm.alert_id', 't.trace_number',
      'r.recovered_on', 'r.city', 'r.state', 'r.mx_state', 'r.country', 'r.ncic_code', 'a.status as alert_status',
    ])
    .where('m.suspect_gun_id', '=', id)
    .orderBy('m.matched_at', 'desc')
    .execute();
  const myRole = await caseRoleOf(tx, e.case_id, p.userId);
  return {
    entry: e,
    matches,
    allowed: {
      review: e.status === 'pending' && can(p, 'suspect:approve') && e.entered_by !== p.userId && e.investigator_id !== p.userId,
      reapprove: e.status === 'approved' && can(p, 'suspect:approve') && e.entered_by !== p.userId && e.investigator_id !== p.userId,
      close: ['pending', 'approved'].includes(e.status) && (myRole !== null || can(p, 'suspect:approve')),
      reviewMatches: myRole !== null && can(p, 'alert:decide'),
    },
  };
}

/**
 * Guns at large: every approved entry not yet recovered, with its case, its age, the decisions taken on its alerts
 * and what followed. Nothing leaves this list except a recovery, a closed flag or a closed case.
 */
export async function gunsAtLarge(tx: Tx, p: Principal) {
  requirePermission(p, 'suspect:read');
  let q = tx
    .selectFrom('suspect_guns as sg')
    .innerJoin('cases', 'cases.id', 'sg.case_id')
    .innerJoin('firearms as f', 'f.id', 'sg.firearm_id')
    .leftJoin('users as appr', 'appr.id', 'sg.approved_by')
    .select([
      'sg.id', 'sg.referred_on', 'sg.approved_at', 'sg.review_on', 'sg.reason', 'sg.created_at', 'f.serial_raw', 'f.maker', 'f.model',
      'f.caliber', 'cases.case_number', 'cases.title as case_title', 'sg.case_id', 'appr.username as approved_by',
    ])
    .where('sg.status', '=', 'approved')
    .orderBy('sg.approved_at', 'asc');
  if (p.visibleAgencyIds) q = q.where('sg.agency_id', 'in', p.visibleAgencyIds.length ? p.visibleAgencyIds : [-1]);
  const entries = await q.execute();
  if (entries.length === 0) return [];
  const ids = entries.map((e) => e.id);
  const alerts = await tx
    .selectFrom('alerts')
    .select(['id', 'suspect_gun_id', 'kind', 'status', 'severity', 'created_at', 'title'])
    .where('suspect_gun_id', 'in', ids)
    .orderBy('created_at')
    .execute();
  const alertIds = alerts.map((a) => a.id);
  const decisions = alertIds.length
    ? await tx
        .selectFrom('decisions as d')
        .innerJoin('users as u', 'u.id', 'd.decided_by')
        .leftJoin('decision_approvals as da', 'da.decision_id', 'd.id')
        .select(['d.id', 'd.alert_id', 'd.action', 'd.justification', 'd.decided_at', 'u.username as decided_by', 'da.verdict', sql<string | null>`(SELECT username FROM users WHERE id = da.approved_by)`.as('approved_by')])
        .where('d.alert_id', 'in', alertIds)
        .orderBy('d.decided_at')
        .execute()
    : [];
  const outcomes = alertIds.length
    ? await tx.selectFrom('outcomes').select(['id', 'alert_id', 'kind', 'note', 'occurred_on']).where('alert_id', 'in', alertIds).orderBy('occurred_on').execute()
    : [];
  const now = new Date();
  return entries.map((e) => {
    const mine = alerts.filter((a) => a.suspect_gun_id === e.id);
    const ds = decisions.filter((d) => mine.some((a) => a.id === d.alert_id));
    const hours = alertAgeHours(new Date(e.approved_at ?? e.created_at), now);
    return {
      ...e,
      age_days: Math.floor(hours / 24),
      age: describeAge(hours),
      review_due: e.review_on <= now.toISOString().slice(0, 10),
      monitored: ds.some((d) => d.action === 'continue_monitoring' && d.verdict === 'approved'),
      open_alerts: mine.filter((a) => a.status === 'open' || a.status === 'awaiting_approval').length,
      alerts: mine,
      decisions: ds,
      outcomes: outcomes.filter((o) => mine.some((a) => a.id === o.alert_id)),
    };
  });
}
