import type { KindWriter, WriteResult } from '../ingest/writer.js';
import type { SuspectGunRow } from '../../formats/index.js';
import { referSuspectGuns, type ReferralContext } from './register.service.js';

/**
 * Import of suspect-gun referrals: the same service as the HTTP referral, given the whole batch (referSuspectGuns
 * decides it set-based, with the outcome of referring each row in turn). The entry id is the natural key (per
 * agency): a row already held is a duplicate. A row naming a case that does not exist, is closed or belongs to
 * another agency is refused with that reason: the register holds guns tied to open cases only.
 */
export const suspectGunWriter: KindWriter<SuspectGunRow> = {
  kind: 'suspect_guns',
  async write(tx, rows, ctx): Promise<WriteResult> {
    const result: WriteResult = { inserted: 0, duplicates: 0, rejected: [] };
    const oris = [...new Set(rows.map(({ row }) => row.agency_ori))];
    const agencies = new Map((oris.length ? await tx.selectFrom('agencies').select(['id', 'ori']).where('ori', 'in', oris).execute() : []).map((a) => [a.ori, a.id]));
    const accepted: Array<{ row: SuspectGunRow; c: ReferralContext; line: number }> = [];
    for (const { row, line } of rows) {
      const agencyId = agencies.get(row.agency_ori);
      if (agencyId === undefined) {
        result.rejected.push({ line, field: 'agency_ori', reason: `no agency ${row.agency_ori}: its case cannot be held here` });
        continue;
      }
      if (ctx.agencyId !== null && ctx.agencyId !== agencyId) {
        result.rejected.push({ line, field: 'agency_ori', reason: `${row.agency_ori} is not the agency importing this file` });
        continue;
      }
      accepted.push({
        row, line,
        c: {
          actor: ctx.actor, agencyId, enteredBy: ctx.actor.userId,
          provenance: { sourceKind: 'suspect_referral', sourceRef: `${ctx.fileName}:${line}`, importBatchId: ctx.batchId },
        },
      });
    }
    const outcomes = await referSuspectGuns(tx, accepted);
    outcomes.forEach((r, k) => {
      if (!r.ok) result.rejected.push({ line: accepted[k].line, field: r.field, reason: r.reason });
      else if (r.duplicate) result.duplicates++;
      else result.inserted++;
    });
    // Refusals in file order, as the row-by-row loop gave them.
    result.rejected.sort((a, b) => a.line - b.line);
    return result;
  },
};
