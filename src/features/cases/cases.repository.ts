import type { Tx } from '../../db/types.js';

export interface NewCaseRow {
  caseNumber: string;
  agencyId: number;
  title: string;
  openedOn: string;
  leadInvestigatorId: number | null;
  supervisorId: number | null;
  sourceKind: string;
  sourceRef: string;
}

export const casesRepository = {
  insertCase(tx: Tx, c: NewCaseRow) {
    return tx
      .insertInto('cases')
      .values({
        case_number: c.caseNumber,
        agency_id: c.agencyId,
        title: c.title,
        opened_on: c.openedOn,
        lead_investigator_id: c.leadInvestigatorId,
        supervisor_id: c.supervisorId,
        source_kind: c.sourceKind,
        source_ref: c.sourceRef,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  },

  findCase(tx: Tx, id: number) {
    return tx
      .selectFrom('cases')
      .leftJoin('users as lead', 'lead.id', 'cases.lead_investigator_id')
      .leftJoin('users as sup', 'sup.id', 'cases.supervisor_id')
      .innerJoin('agencies', 'agencies.id', 'cases.agency_id')
      .select([
        'cases.id', 'cases.case_number', 'cases.agency_id', 'cases.title', 'cases.status', 'cases.opened_on',
        'cases.closed_on', 'cases.lead_investigator_id', 'cases.supervisor_id', 'cases.legal_hold', 'cases.created_at',
        'lead.username as lead_username', 'sup.username as supervisor_username', 'agencies.ori as agency_ori',
      ])
      .where('cases.id', '=', id)
      .executeTakeFirst();
  },

  findCaseByNumber(tx: Tx, caseNumber: string) {
    return tx.selectFrom('cases').select(['id', 'agency_id', 'status']).where('case_number', '=', caseNumber).executeTakeFirst();
  },

  listCases(tx: Tx, agencyIds: number[] | null, status: string | null, limit: number) {
    let q = tx
      .selectFrom('cases')
      .leftJoin('users as lead', 'lead.id', 'cases.lead_investigator_id')
      .select([
        'cases.id', 'cases.case_number', 'cases.title', 'cases.status', 'cases.opened_on', 'cases.closed_on',
        'cases.agency_id', 'lead.username as lead_username',
      ])
      .orderBy('cases.opened_on', 'desc')
      .orderBy('cases.id', 'desc')
      .limit(limit);
    if (agencyIds) q = q.where('cases.agency_id', 'in', agencyIds.length ? agencyIds : [-1]);
    if (status) q = q.where('cases.status', '=', status);
    return q.execute();
  },

  members(tx: Tx, caseId: number) {
    return tx
      .selectFrom('case_members')
      .innerJoin('users', 'users.id', 'case_members.user_id')
      .select(['users.id', 'users.username', 'users.display_name', 'users.roles', 'case_members.role', 'case_members.added_at'])
      .where('case_members.case_id', '=', caseId)
      .orderBy('case_members.added_at')
      .execute();
  },

  addMember(tx: Tx, caseId: number, userId: number, role: string) {
    return tx
      .insertInto('case_members')
      .values({ case_id: caseId, user_id: userId, role })
      .onConflict((oc) => oc.columns(['case_id', 'user_id']).doUpdateSet({ role }))
      .execute();
  },

  isMember(tx: Tx, caseId: number, userId: number) {
    return tx
      .selectFrom('case_members')
      .select('role')
      .where('case_id', '=', caseId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  },

  subjects(tx: Tx, caseId: number) {
    return tx
      .selectFrom('case_subjects')
      .innerJoin('person_records as p', 'p.id', 'case_subjects.person_record_id')
      .select([
        'case_subjects.id', 'case_subjects.role', 'case_subjects.created_at', 'p.id as person_record_id', 'p.given_name',
        'p.surname', 'p.maternal_surname', 'p.dob', 'p.city', 'p.state',
      ])
      .where('case_subjects.case_id', '=', caseId)
      .orderBy('case_subjects.id')
      .execute();
  },

  insertSubject(tx: Tx, caseId: number, personRecordId: number, role: string, addedBy: number | null) {
    return tx
      .insertInto('case_subjects')
      .values({ case_id: caseId, person_record_id: personRecordId, role, added_by: addedBy, source_kind: 'manual', source_ref: `case:${caseId}` })
      .returning('id')
      .executeTakeFirstOrThrow();
  },

  closeCase(tx: Tx, caseId: number, closedOn: string) {
    return tx.updateTable('cases').set({ status: 'closed', closed_on: closedOn }).where('id', '=', caseId).execute();
  },

  findUserByName(tx: Tx, username: string) {
    return tx.selectFrom('users').select(['id', 'agency_id', 'roles', 'supervisor_id']).where('username', '=', username).executeTakeFirst();
  },

  findUser(tx: Tx, id: number) {
    return tx.selectFrom('users').select(['id', 'username', 'agency_id', 'roles', 'supervisor_id']).where('id', '=', id).executeTakeFirst();
  },
};
