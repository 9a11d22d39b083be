/**
 * Matching both ways, at entry time: a trace request or a recovery is matched against the register when it is
 * entered (not when the trace completes), and a new register entry is matched against every recovered gun already
 * held. Each candidate above the threshold is kept with its score and reasons and raises an alert on the entry's case.
 * A monitored gun (someone decided, and a supervisor approved, to keep watching it) recovered in a violent crime
 * escalates past the approver, to the approver's own supervisor.
 */
import type { Tx } from '../../db/types.js';
import { crimeCategoryOf } from '../../domain/codes.js';
import type { Actor } from '../audit/audit.service.js';
import { raiseAlert, type AlertRecipient, type AlertReason } from '../alerts/alerts.service.js';
import { heldCandidatesMany, registerCandidates, type HeldCandidate, type HeldWithTrace, type RegisterCandidate } from './candidates.js';
import { rankCandidates, type GunMarks } from './rank.js';

export const MATCH_ALERT_KIND = 'suspect_gun_match';
export const VIOLENT_ESCALATION_KIND = 'monitored_gun_violent_recovery';

export interface Observation {
  firearmId: number;
  serialKey: string | null;
  marks: GunMarks;
  traceId: number | null;
  traceNumber: string | null;
  recoveryId: number | null;
  ncicCode: string | null;
  recoveredOn: string | null;
  place: string | null;
}

export interface MatchOutcome {
  suspectGunId: number;
  matchId: number;
  alertId: number;
  score: number;
  escalationAlertId: number | null;
}

const entryMarks = (c: RegisterCandidate): GunMarks => ({
  serial: c.serial_raw, maker: c.maker_raw, importer: c.importer_raw, model: c.model, caliber: c.caliber_raw,
});
const heldMarks = (c: HeldCandidate): GunMarks => ({
  serial: c.serial_raw, maker: c.maker_raw, importer: c.importer_raw, model: c.model, caliber: c.caliber_raw,
});

async function entryPeople(tx: Tx, entry: { investigator_id: number | null; entered_by: number | null }): Promise<AlertRecipient[]> {
  const out: AlertRecipient[] = [];
  for (const id of [entry.investigator_id, entry.entered_by]) {
    if (id == null || out.some((o) => o.userId === id)) continue;
    out.push({ userId: id, reason: 'investigator' });
    const u = await tx.selectFrom('users').select('supervisor_id').where('id', '=', id).executeTakeFirst();
    if (u?.supervisor_id != null) out.push({ userId: u.supervisor_id, reason: 'supervisor' });
  }
  return out;
}

function describeGun(m: GunMarks): string {
  return [m.maker, m.model, m.caliber].filter(Boolean).join(' ') || 'gun';
}

interface PairToRecord {
  entry: { id: number; case_id: number; agency_id: number | null; investigator_id: number | null; entered_by: number | null; marks: GunMarks };
  obs: Observation;
  score: number;
  reasons: AlertReason[];
}

async function recordMatch(tx: Tx, actor: Actor, p: PairToRecord): Promise<MatchOutcome | null> {
  const m = await tx
    .insertInto('suspect_matches')
    .values({
      suspect_gun_id: p.entry.id, firearm_id: p.obs.firearmId, trace_id: p.obs.traceId, recovery_id: p.obs.recoveryId,
      score: p.score, reasons: JSON.stringify(p.reasons),
    })
    .onConflict((oc) => oc.columns(['suspect_gun_id', 'firearm_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!m) return null;
  const what = p.obs.traceNumber ? `trace ${p.obs.traceNumber}` : 'a recovery';
  const where = [p.obs.recoveredOn, p.obs.place].filter(Boolean).join(', ');
  const reasons: AlertReason[] = [
    ...p.reasons,
    {
      code: 'observed',
      text: `observed in ${what}${where ? ` (recovered ${where})` : ''}`,
      evidence: [
        ...(p.obs.traceId ? [{ type: 'trace', id: p.obs.traceId }] : []),
        ...(p.obs.recoveryId ? [{ type: 'recovery', id: p.obs.recoveryId, ...(p.obs.recoveredOn ? { date: p.obs.recoveredOn } : {}) }] : []),
        { type: 'suspect_gun', id: p.entry.id },
      ],
    },
  ];
  const alert = await raiseAlert(tx, actor, {
    kind: MATCH_ALERT_KIND,
    title: `Flagged ${describeGun(p.entry.marks)} serial ${p.entry.marks.serial} matched by ${what}`,
    severity: p.score >= 0.9 ? 'high' : 'normal',
    caseId: p.entry.case_id,
    agencyId: p.entry.agency_id,
    suspectGunId: p.entry.id,
    traceId: p.obs.traceId,
    recoveryId: p.obs.recoveryId,
    score: p.score,
    reasons,
    dedupeKey: `suspect_match:${p.entry.id}:${p.obs.firearmId}`,
    notify: await entryPeople(tx, p.entry),
  });
  await tx.updateTable('suspect_matches').set({ alert_id: alert.id }).where('id', '=', m.id).execute();
  const escalation = await escalateIfMonitoredViolent(tx, actor, p, alert.id);
  return { suspectGunId: p.entry.id, matchId: m.id, alertId: alert.id, score: p.score, escalationAlertId: escalation };
}

/** The approvals of decisions to keep watching this gun, with each approver's own supervisor. */
export async function monitoringApprovals(tx: Tx, suspectGunId: number) {
  return tx
    .selectFrom('alerts as a')
    .innerJoin('decisions as d', 'd.alert_id', 'a.id')
    .innerJoin('decision_approvals as da', 'da.decision_id', 'd.id')
    .innerJoin('users as u', 'u.id', 'da.approved_by')
    .select(['d.id as decision_id', 'da.approved_by', 'u.username as approver', 'u.supervisor_id as approver_supervisor_id', 'da.approved_at'])
    .where('a.suspect_gun_id', '=', suspectGunId)
    .where('d.action', '=', 'continue_monitoring')
    .where('da.verdict', '=', 'approved')
    .execute();
}

async function escalateIfMonitoredViolent(tx: Tx, actor: Actor, p: PairToRecord, matchAlertId: number): Promise<number | null> {
  const category = p.obs.ncicCode ? crimeCategoryOf(p.obs.ncicCode) : undefined;
  if (!category?.violent) return null;
  const approvals = await monitoringApprovals(tx, p.entry.id);
  if (approvals.length === 0) return null;
  const notify: AlertRecipient[] = [];
  for (const a of approvals) {
    notify.push({ userId: a.approved_by, reason: 'approved_monitoring' });
    if (a.approver_supervisor_id != null) notify.push({ userId: a.approver_supervisor_id, reason: 'escalation' });
  }
  const escalatedTo = approvals.find((a) => a.approver_supervisor_id != null)?.approver_supervisor_id ?? null;
  const alert = await raiseAlert(tx, actor, {
    kind: VIOLENT_ESCALATION_KIND,
    title: `Monitored gun serial ${p.entry.marks.serial} recovered in a violent crime (${category.label}, NCIC ${p.obs.ncicCode})`,
    severity: 'critical',
    caseId: p.entry.case_id,
    agencyId: p.entry.agency_id,
    suspectGunId: p.entry.id,
    traceId: p.obs.traceId,
    recoveryId: p.obs.recoveryId,
    score: p.score,
    reasons: [
      { code: 'violent_recovery', text: `recovered in a ${category.label.toLowerCase()} (NCIC ${p.obs.ncicCode})` },
      {
        code: 'was_monitored',
        text: `keeping watch on this gun was approved by ${approvals.map((a) => a.approver).join(', ')}`,
        evidence: approvals.map((a) => ({ type: 'decision', id: a.decision_id })),
      },
      { code: 'match_alert', text: 'see the match alert', evidence: [{ type: 'alert', id: matchAlertId }] },
    ],
    dedupeKey: `monitored_violent:${p.entry.id}:${p.obs.firearmId}`,
    notify,
    escalatedTo,
  });
  return alert.id;
}

/** Matches one observed gun (a trace request's or a recovery's) against the active register. */
export async function matchObservation(tx: Tx, actor: Actor, obs: Observation): Promise<MatchOutcome[]> {
  if (!obs.serialKey) return [];
  return matchObservationWith(tx, actor, obs, await registerCandidates(tx, obs.serialKey));
}

/** As matchObservation, with the register candidates already found (registerManySql, for many guns at once). */
export async function matchObservationWith(tx: Tx, actor: Actor, obs: Observation, candidates: RegisterCandidate[]): Promise<MatchOutcome[]> {
  if (!obs.serialKey || candidates.length === 0) return [];
  const ranked = rankCandidates(obs.marks, candidates, entryMarks);
  const out: MatchOutcome[] = [];
  for (const r of ranked) {
    const e = r.candidate;
    const m = await recordMatch(tx, actor, {
      entry: { id: e.id, case_id: e.case_id, agency_id: e.agency_id, investigator_id: e.investigator_id, entered_by: e.entered_by, marks: entryMarks(e) },
      obs, score: r.score, reasons: r.reasons,
    });
    if (m) out.push(m);
  }
  return out;
}

export interface RegisterEntry {
  id: number;
  case_id: number;
  agency_id: number | null;
  investigator_id: number | null;
  entered_by: number | null;
  marks: GunMarks;
}

/** Matches a register entry against every recovered gun already held. */
export async function matchEntryAgainstHeld(tx: Tx, actor: Actor, suspectGunId: number): Promise<MatchOutcome[]> {
  const e = await tx
    .selectFrom('suspect_guns as sg')
    .innerJoin('firearms as f', 'f.id', 'sg.firearm_id')
    .select([
      'sg.id', 'sg.case_id', 'sg.agency_id', 'sg.status', 'sg.serial_key', 'f.serial_raw', 'f.maker_raw', 'f.importer_raw',
      'f.model', 'f.caliber_raw', 'sg.investigator_id', 'sg.entered_by',
    ])
    .where('sg.id', '=', suspectGunId)
    .executeTakeFirst();
  if (!e || !e.serial_key || !['pending', 'approved'].includes(e.status)) return [];
  const marks: GunMarks = { serial: e.serial_raw, maker: e.maker_raw, importer: e.importer_raw, model: e.model, caliber: e.caliber_raw };
  const [held] = await heldCandidatesMany(tx, [e.serial_key]);
  return matchEntryWith(tx, actor, { id: e.id, case_id: e.case_id, agency_id: e.agency_id, investigator_id: e.investigator_id, entered_by: e.entered_by, marks }, held);
}

/** As matchEntryAgainstHeld, with the held candidates already found (heldCandidatesMany, for many entries at once). */
export async function matchEntryWith(tx: Tx, actor: Actor, entry: RegisterEntry, held: HeldWithTrace[]): Promise<MatchOutcome[]> {
  // Ranked with the held gun as the observation, as when a trace comes in, so both directions score alike.
  const scored = held
    .map((h) => ({ h, r: rankCandidates(heldMarks(h), [entry], () => entry.marks)[0] }))
    .filter((x) => x.r !== undefined)
    .sort((a, b) => b.r.score - a.r.score);
  const out: MatchOutcome[] = [];
  for (const { h, r } of scored) {
    const m = await recordMatch(tx, actor, {
      entry,
      obs: {
        firearmId: h.firearm_id, serialKey: h.serial_key, marks: heldMarks(h), traceId: h.trace_id, traceNumber: h.trace_number,
        recoveryId: h.recovery_id, ncicCode: h.ncic_code, recoveredOn: h.recovered_on, place: null,
      },
      score: r.score, reasons: r.reasons,
    });
    if (m) out.push(m);
  }
  return out;
}
