/**
 * Firearms and people written on a tracing record (a trace request, a recovery, a referral, a case subject), stored
 * with their provenance. The columns come from the ingest normalisation (src/features/ingest/normalise.ts): a gun
 * or a person typed into a form is stored exactly as the same one read from an imported file.
 */
import type { Tx } from '../../db/types.js';
import { firearmColumns, personAliases, personColumns, type FirearmColumns, type FirearmIn, type PersonIn } from '../ingest/normalise.js';

export interface Provenance {
  sourceKind: string;
  sourceRef: string;
  importBatchId: number | null;
}

/** The part of a stored gun that matching and the look-ups in what is held work on. */
export interface FirearmIdentity {
  serialNorm: string | null;
  serialKey: string | null;
  serialPartial: boolean;
  maker: string | null;
  importer: string | null;
  model: string | null;
  caliber: string | null;
}

/** The identity matching works on, from a gun's normalised columns. */
export const identityOf = (c: FirearmColumns): FirearmIdentity => ({
  serialNorm: c.serial_norm, serialKey: c.serial_key, serialPartial: c.serial_partial, maker: c.maker, importer: c.importer, model: c.model, caliber: c.caliber,
});

/** A gun's identity without storing it (loaders that write their own rows). */
export function firearmIdentity(f: FirearmIn): FirearmIdentity {
  return identityOf(firearmColumns(f));
}

/** Tracing keeps a person only when someone could be found by it: a name, an identity document or a birth date. */
export function hasIdentity(p: PersonIn): boolean {
  return Boolean(p.surname || p.given_name || p.id_number || p.dob);
}

export async function insertPerson(tx: Tx, role: string, p: PersonIn, agencyId: number | null, prov: Provenance): Promise<number> {
  const row = await tx
    .insertInto('person_records')
    .values({
      role,
      ...personColumns(p, undefined, ''),
      aliases: personAliases(p),
      agency_id: agencyId,
      source_kind: prov.sourceKind,
      source_ref: prov.sourceRef,
      import_batch_id: prov.importBatchId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
