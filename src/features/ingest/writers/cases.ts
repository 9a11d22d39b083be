// Criminal cases from a case-management export. The case number is the natural key: a case already held (for the
// same agency) is a duplicate and is left exactly as it was; a number held for another agency is refused, since the
// referrals that name it would land on the wrong case. The agency is found by ORI and, on a national import, created
// from the row when Interdict does not hold it yet. Investigators are linked to users of the agency by user or display
// name; the names are kept as written either way.
import { sql } from 'kysely';
import type { Tx } from '../../../db/types.js';
import type { CaseRow } from '../../../formats/index.js';
import type { KindWriter, RowWithLine, WriteResult } from '../writer.js';
import { WRITER_LOCKS, chunksUnderParamLimit } from './tables.js';

const SOURCE = 'case_import';

/** The agency's kind, from what its ORI and name say; 'police' unless they say otherwise. */
function agencyKind(row: CaseRow): 'police' | 'atf' | 'prosecutor' {
  if (/\bATF\b|Alcohol, Tobacco, Firearms/i.test(row.agency_name) || /^[A-Z]{2}ATF/.test(row.agency_ori)) return 'atf';
  if (/attorney|prosecut/i.test(row.agency_name)) return 'prosecutor';
  return 'police';
}

async function agencyIds(tx: Tx, rows: Array<RowWithLine<CaseRow>>, create: boolean): Promise<Map<string, number>> {
  const oris = [...new Set(rows.map((r) => r.row.agency_ori))];
  const held = await tx.selectFrom('agencies').select(['id', 'ori']).where('ori', 'in', oris).execute();
  const ids = new Map(held.map((a) => [a.ori, a.id]));
  if (!create) return ids;
  const firstOf = new Map<string, CaseRow>();
  for (const { row } of rows) if (!ids.has(row.agency_ori) && !firstOf.has(row.agency_ori)) firstOf.set(row.agency_ori, row);
  if (firstOf.size === 0) return ids;
  const made = await tx
    .insertInto('agencies')
    .values([...firstOf.values()].map((r) => ({ ori: r.agency_ori, name: r.agency_name, state: r.agency_state ?? null, kind: agencyKind(r) })))
    .onConflict((oc) => oc.column('ori').doNothing())
    .returning(['id', 'ori'])
    .execute();
  for (const a of made) ids.set(a.ori, a.id);
  return ids;
}

interface Staff {
  id: number;
  supervisorId: number | null;
}

/** Users of the given agencies with a role, by user name and display name. */
async function staffOf(tx: Tx, agencyIds: number[], role: 'investigator' | 'supervisor'): Promise<Map<string, Staff>> {
  const users = await tx
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'agency_id', 'supervisor_id'])
    .where('agency_id', 'in', agencyIds)
    .where('active', '=', true)
    .where(sql<boolean>`${role} = ANY(roles)`)
    .orderBy('id')
    .execute();
  const out = new Map<string, Staff>();
  for (const u of users) {
    for (const name of [u.display_name, u.username]) {
      const k = `${u.agency_id}|${name}`;
      if (!out.has(k)) out.set(k, { id: u.id, supervisorId: u.supervisor_id });
    }
  }
  return out;
}

export const caseWriter: KindWriter<CaseRow> = {
  kind: 'cases',
  async write(tx, rows, ctx): Promise<WriteResult> {
    const result: WriteResult = { inserted: 0, duplicates: 0, rejected: [] };
    if (rows.length === 0) return result;
    await sql`SELECT pg_advisory_xact_lock(${WRITER_LOCKS.cases})`.execute(tx);
    const held = await tx
      .selectFrom('cases')
      .innerJoin('agencies', 'agencies.id', 'cases.agency_id')
      .select(['cases.case_number', 'agencies.ori'])
      .where('cases.case_number', 'in', [...new Set(rows.map((r) => r.row.case_number))])
      .execute();
    const heldOri = new Map(held.map((c) => [c.case_number, c.ori]));
    const fresh: Array<RowWithLine<CaseRow>> = [];
    const seen = new Map<string, string>();
    for (const r of rows) {
      const { case_number: number, agency_ori: ori } = r.row;
      const other = heldOri.get(number) ?? seen.get(number);
      if (other === undefined) {
        seen.set(number, ori);
        fresh.push(r);
      } else if (other === ori) result.duplicates++;
      else result.rejected.push({ line: r.line, field: 'case_number', reason: `case ${number} is already held for agency ${other}, not ${ori}` });
    }
    if (fresh.length === 0) return result;

    // An agency's own import may hold only that agency's cases; a national import (no agency) may name any.
    const agencies = await agencyIds(tx, fresh, ctx.agencyId === null);
    const take: Array<RowWithLine<CaseRow> & { agencyId: number }> = [];
    for (const r of fresh) {
      const id = agencies.get(r.row.agency_ori);
      if (id === undefined) result.rejected.push({ line: r.line, field: 'agency_ori', reason: `no agency ${r.row.agency_ori}, and an agency's import cannot add one` });
      else if (ctx.agencyId !== null && id !== ctx.agencyId) result.rejected.push({ line: r.line, field: 'agency_ori', reason: `${r.row.agency_ori} is not the agency importing this file` });
      else take.push({ ...r, agencyId: id });
    }
    if (take.length === 0) return result;

    const ids = [...new Set(take.map((r) => r.agencyId))];
    const investigators = await staffOf(tx, ids, 'investigator');
    const supervisors = await staffOf(tx, ids, 'supervisor');
    const values = take.map(({ row, line, agencyId }) => {
      const lead = investigators.get(`${agencyId}|${row.lead_investigator}`);
      const sup = row.supervisor ? supervisors.get(`${agencyId}|${row.supervisor}`) : undefined;
      return {
        case_number: row.case_number,
        agency_id: agencyId,
        title: row.title,
        status: row.status,
        opened_on: row.opened_on,
        closed_on: row.closed_on ?? null,
        lead_investigator_id: lead?.id ?? null,
        lead_investigator_name: row.lead_investigator,
        // A named supervisor who is a user; else the lead's own supervisor, as a case opened in Interdict does.
        supervisor_id: sup?.id ?? (row.supervisor ? null : (lead?.supervisorId ?? null)),
        supervisor_name: row.supervisor ?? null,
        source_kind: SOURCE,
        source_ref: `${ctx.fileName}:${line}`,
        import_batch_id: ctx.batchId,
      };
    });
    for (const chunk of chunksUnderParamLimit(values)) await tx.insertInto('cases').values(chunk).execute();
    result.inserted = take.length;
    return result;
  },
};
