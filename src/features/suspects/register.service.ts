/**
 * The suspect-gun register: an entry names the gun (maker, serial or partial serial, model, caliber), the case, the
 * reason and the investigator. A supervisor other than the person who entered it approves it; it carries a review
 * date (periodic re-approval) and closes with its case. One code path serves the HTTP referral and the import.
 */
import type { Tx } from '../../db/types.js';
import { addDays } from '../../domain/dates.js';
import { parsePartialSerial } from '../../domain/serial.js';
import type { SuspectGunRow } from '../../formats/index.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import { openCaseByNumber } from '../cases/cases.service.js';
import { insertFirearm, type Provenance } from '../tracing/records.js';
import { storeVariants } from './candidates.js';
import { matchEntryAgainstHeld, type MatchOutcome } from './matching.service.js';

/** Entries are re-approved at least twice a year unless the referral names an earlier review date. */
export const DEFAULT_REVIEW_DAYS = 180;

export interface ReferralContext {
  actor: Actor;
  /** The agency the referral is made for (the case must belong to it); null lets the case decide (national import). */
  agencyId: number | null;
  /** The signed-in user entering it (null for an import). */
  enteredBy: number | null;
  provenance: Provenance;
}

export type ReferralResult =
  | { ok: true; id: number; duplicate: false; matches: MatchOutcome[] }
  | { ok: true; id: number; duplicate: true; matches: [] }
  | { ok: false; field: string; reason: string };

export async function referSuspectGun(tx: Tx, row: SuspectGunRow, c: ReferralContext): Promise<ReferralResult> {
  const serial = parsePartialSerial(row.serial);
  if (!serial.ok) return { ok: false, field: 'serial', reason: serial.reason };
  const theCase = await openCaseByNumber(tx, row.case_number, c.agencyId);
  if ('error' in theCase) return { ok: false, field: 'case_number', reason: theCase.error ?? 'unknown case' };
  const agencyId = theCase.agencyId;
  const dup = await tx
    .selectFrom('suspect_guns')
    .select('id')
    .where('agency_id', '=', agencyId)
    .where('entry_ref', '=', row.entry_id)
    .executeTakeFirst();
  if (dup) return { ok: true, id: dup.id, duplicate: true, matches: [] };

  // The investigator named on the referral, when they are a user of the agency; the name is kept either way.
  const named = await tx
    .selectFrom('users')
    .select(['id', 'roles'])
    .where('agency_id', '=', agencyId)
    .where((eb) => eb.or([eb('username', '=', row.investigator), eb('display_name', '=', row.investigator)]))
    .executeTakeFirst();
  const investigatorId = named?.id ?? c.enteredBy;

  const gun = await insertFirearm(
    tx,
    { serial: row.serial, manufacturer: row.manufacturer, importer: row.importer, model: row.model, caliber: row.caliber, type: row.type },
    c.provenance,
  );
  const id = gun.identity;
  const reviewOn = row.review_on ?? addDays(row.referred_on, DEFAULT_REVIEW_DAYS);
  const entry = await tx
    .insertInto('suspect_guns')
    .values({
      case_id: theCase.id,
      firearm_id: gun.id,
      reason: row.reason,
      reason_detail: row.reason_detail ?? null,
      entered_by: c.enteredBy,
      investigator_id: investigatorId,
      investigator_name: row.investigator,
      status: 'pending',
      review_on: reviewOn,
      referred_on: row.referred_on,
      entry_ref: row.entry_id,
      agency_id: agencyId,
      serial_key: serial.value.key,
      serial_partial: serial.value.isPartial,
      key_len: serial.value.key.length,
      maker: id.maker,
      importer: id.importer,
      source_kind: c.provenance.sourceKind,
      source_ref: c.provenance.sourceRef,
      import_batch_id: c.provenance.importBatchId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await storeVariants(tx, [{ id: entry.id, key: serial.value.key }]);
  await recordAudit(tx, c.actor, {
    action: 'suspect_gun.referred', targetType: 'suspect_gun', targetId: entry.id, reason: row.case_number,
    details: { entryRef: row.entry_id, serial: row.serial, maker: id.maker, partial: serial.value.isPartial, reason: row.reason },
  });
  // Matched against every recovered gun already held, now, while the entry awaits approval.
  const matches = await matchEntryAgainstHeld(tx, c.actor, entry.id);
  return { ok: true, id: entry.id, duplicate: false, matches };
}
