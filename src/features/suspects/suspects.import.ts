import type { KindWriter, WriteResult } from '../ingest/writer.js';
import type { SuspectGunRow } from '../../formats/index.js';
import { referSuspectGun } from './register.service.js';

/**
 * Import of suspect-gun referrals: the same service as the HTTP referral. The entry id is the natural key (per
 * agency): a row already held is a duplicate. A row naming a case that does not exist, is closed or belongs to
 * another agency is refused with that reason: the register holds guns tied to open cases only.
 */
export const suspectGunWriter: KindWriter<SuspectGunRow> = {
  kind: 'suspect_guns',
  async write(tx, rows, ctx): Promise<WriteResult> {
    const result: WriteResult = { inserted: 0, duplicates: 0, rejected: [] };
    for (const { row, line } of rows) {
      const agency = await tx.selectFrom('agencies').select('id').where('ori', '=', row.agency_ori).executeTakeFirst();
      if (!agency) {
        result.rejected.push({ line, field: 'agency_ori', reason: `no agency ${row.agency_ori}: its case cannot be held here` });
        continue;
      }
      if (ctx.agencyId !== null && ctx.agencyId !== agency.id) {
        result.rejected.push({ line, field: 'agency_ori', reason: `${row.agency_ori} is not the agency importing this file` });
        continue;
      }
      const r = await referSuspectGun(tx, row, {
        actor: ctx.actor,
        agencyId: agency.id,
        enteredBy: ctx.actor.userId,
        provenance: { sourceKind: 'suspect_referral', sourceRef: `${ctx.fileName}:${line}`, importBatchId: ctx.batchId },
      });
      if (!r.ok) result.rejected.push({ line, field: r.field, reason: r.reason });
      else if (r.duplicate) result.duplicates++;
      else result.inserted++;
    }
    return result;
  },
};
