/**
 * Minimal case management: a case belongs to an agency, has a lead investigator and a supervisor, members and
 * subjects. Suspect-gun entries hang on a case and close with it; alerts go to the people on the case.
 */
import type { Tx } from '../../db/types.js';
import { recordAudit } from '../audit/audit.service.js';
import { actorOf, requireAgencyScope, requirePermission, type Principal } from '../auth/principal.js';
import { badRequest, conflict, forbidden, notFound } from '../../server/errors.js';
import type { PersonIn as PersonInput } from '../ingest/normalise.js';
import { insertPerson } from '../tracing/records.js';
import { casesRepository as repo } from './cases.repository.js';

export type CaseRole = 'lead' | 'supervisor' | 'member';

/** How a user stands on a case: its lead investigator, its supervisor, a member, or not on it (null). */
export async function caseRoleOf(tx: Tx, caseId: number, userId: number): Promise<CaseRole | null> {
  const c = await tx.selectFrom('cases').select(['lead_investigator_id', 'supervisor_id']).where('id', '=', caseId).executeTakeFirst();
  if (!c) return null;
  if (c.lead_investigator_id === userId) return 'lead';
  if (c.supervisor_id === userId) return 'supervisor';
  return (await repo.isMember(tx, caseId, userId)) ? 'member' : null;
}

/** Everyone on the case: lead, supervisor and members (user ids, without duplicates). */
export async function casePeople(tx: Tx, caseId: number): Promise<number[]> {
  const c = await tx.selectFrom('cases').select(['lead_investigator_id', 'supervisor_id']).where('id', '=', caseId).executeTakeFirst();
  if (!c) return [];
  const members = await tx.selectFrom('case_members').select('user_id').where('case_id', '=', caseId).execute();
  const ids = [c.lead_investigator_id, c.supervisor_id, ...members.map((m) => m.user_id)].filter((x): x is number => x != null);
  return [...new Set(ids)];
}

async function loadScoped(tx: Tx, p: Principal, caseId: number) {
  const c = await repo.findCase(tx, caseId);
  if (!c) throw notFound('Case');
  requireAgencyScope(p, c.agency_id, 'Case');
  return c;
}

/** Changes to a case are for the people on it, or a supervisor of its agency. */
async function requireCaseWriter(tx: Tx, p: Principal, caseId: number, agencyId: number): Promise<void> {
  requirePermission(p, 'case:manage');
  const role = await caseRoleOf(tx, caseId, p.userId);
  if (role) return;
  if (p.roles.includes('supervisor') && p.agencyId === agencyId) return;
  throw forbidden('Only the people on the case (or a supervisor of its agency) may change it');
}

export interface NewCase {
  caseNumber: string;
  title: string;
  openedOn?: string;
  leadInvestigator?: string;
  supervisor?: string;
  members?: string[];
}

export async function createCase(tx: Tx, p: Principal, input: NewCase): Promise<{ id: number }> {
  requirePermission(p, 'case:manage');
  if (await repo.findCaseByNumber(tx, input.caseNumber)) throw conflict(`Case ${input.caseNumber} already exists`);
  let leadId: number | null = p.roles.includes('investigator') ? p.userId : null;
  let leadSupervisor: number | null = p.roles.includes('investigator') ? p.supervisorId : null;
  if (input.leadInvestigator) {
    const u = await repo.findUserByName(tx, input.leadInvestigator);
    if (!u || u.agency_id !== p.agencyId) throw badRequest(`No user ${input.leadInvestigator} in your agency`);
    if (!u.roles.includes('investigator')) throw badRequest(`${input.leadInvestigator} is not an investigator`);
    leadId = u.id;
    leadSupervisor = u.supervisor_id;
  }
  let supervisorId: number | null = p.roles.includes('supervisor') ? p.userId : leadSupervisor;
  if (input.supervisor) {
    const u = await repo.findUserByName(tx, input.supervisor);
    if (!u || !u.roles.includes('supervisor')) throw badRequest(`No supervisor named ${input.supervisor}`);
    supervisorId = u.id;
  }
  const openedOn = input.openedOn ?? new Date().toISOString().slice(0, 10);
  const row = await repo.insertCase(tx, {
    caseNumber: input.caseNumber, agencyId: p.agencyId, title: input.title, openedOn, leadInvestigatorId: leadId,
    supervisorId, sourceKind: 'manual', sourceRef: p.requestId ? `request:${p.requestId}` : 'api',
  });
  for (const m of input.members ?? []) {
    const u = await repo.findUserByName(tx, m);
    if (!u) throw badRequest(`No user named ${m}`);
    await repo.addMember(tx, row.id, u.id, 'member');
  }
  await recordAudit(tx, actorOf(p), {
    action: 'case.created', targetType: 'case', targetId: row.id, reason: input.caseNumber,
    details: { title: input.title, leadInvestigatorId: leadId, supervisorId },
  });
  return { id: row.id };
}

/**
 * Whether a case (already read, by its number) may take an import row or a referral: it must exist, be open and
 * belong to the agency. Cases are not created implicitly from files: an entry on the register needs a case someone
 * opened on purpose.
 */
export function caseOpenTo(c: { id: number; agency_id: number; status: string } | undefined, caseNumber: string, agencyId: number | null) {
  if (!c) return { error: `case ${caseNumber} does not exist` } as const;
  if (agencyId !== null && c.agency_id !== agencyId) return { error: `case ${caseNumber} belongs to another agency` } as const;
  if (c.status !== 'open') return { error: `case ${caseNumber} is closed` } as const;
  return { id: c.id, agencyId: c.agency_id } as const;
}

export async function addCaseMember(tx: Tx, p: Principal, caseId: number, username: string, role = 'member'): Promise<void> {
  const c = await loadScoped(tx, p, caseId);
  await requireCaseWriter(tx, p, caseId, c.agency_id);
  const u = await repo.findUserByName(tx, username);
  if (!u) throw badRequest(`No user named ${username}`);
  await repo.addMember(tx, caseId, u.id, role);
  await recordAudit(tx, actorOf(p), { action: 'case.member_added', targetType: 'case', targetId: caseId, reason: c.case_number, details: { userId: u.id, role } });
}

export async function addCaseSubject(tx: Tx, p: Principal, caseId: number, person: PersonInput, role = 'subject'): Promise<{ id: number }> {
  const c = await loadScoped(tx, p, caseId);
  await requireCaseWriter(tx, p, caseId, c.agency_id);
  if (c.status !== 'open') throw conflict('The case is closed');
  const prov = { sourceKind: 'case_subject', sourceRef: `case:${c.case_number}`, importBatchId: null };
  const personId = await insertPerson(tx, 'subject', person, c.agency_id, prov);
  const row = await repo.insertSubject(tx, caseId, personId, role, p.userId);
  await recordAudit(tx, actorOf(p), {
    action: 'case.subject_added', targetType: 'person_record', targetId: personId, reason: c.case_number, details: { caseId, role },
  });
  return { id: row.id };
}

/** The case with its people and subjects. Subjects are people's data: reading them is audited. */
export async function getCase(tx: Tx, p: Principal, caseId: number) {
  requirePermission(p, 'case:read');
  const c = await loadScoped(tx, p, caseId);
  const members = await repo.members(tx, caseId);
  const subjects = await repo.subjects(tx, caseId);
  if (subjects.length) {
    await recordAudit(tx, actorOf(p), {
      action: 'case.subjects_read', targetType: 'case', targetId: caseId, reason: c.case_number,
      details: { personRecordIds: subjects.map((s) => s.person_record_id) },
    });
  }
  const myRole = await caseRoleOf(tx, caseId, p.userId);
  return { case: c, members, subjects, myRole };
}

export async function listCases(tx: Tx, p: Principal, status: 'open' | 'closed' | null) {
  requirePermission(p, 'case:read');
  return repo.listCases(tx, p.visibleAgencyIds, status, 500);
}

/** Closing a case closes its suspect-gun entries: the register holds guns tied to open cases only. */
export async function closeCase(tx: Tx, p: Principal, caseId: number, reason: string): Promise<{ closedEntries: number }> {
  const c = await loadScoped(tx, p, caseId);
  await requireCaseWriter(tx, p, caseId, c.agency_id);
  if (c.status === 'closed') throw conflict('The case is already closed');
  await repo.closeCase(tx, caseId, new Date().toISOString().slice(0, 10));
  const closed = await tx
    .updateTable('suspect_guns')
    .set({ status: 'closed', closed_at: new Date(), closed_reason: `case closed: ${reason}` })
    .where('case_id', '=', caseId)
    .where('status', 'in', ['pending', 'approved'])
    .returning('id')
    .execute();
  await recordAudit(tx, actorOf(p), {
    action: 'case.closed', targetType: 'case', targetId: caseId, reason: c.case_number,
    details: { why: reason, closedSuspectGunIds: closed.map((r) => r.id) },
  });
  return { closedEntries: closed.length };
}
