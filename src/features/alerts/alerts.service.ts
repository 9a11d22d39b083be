import type { Tx } from '../../db/types.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';

export interface AlertReason {
  /** Short code, e.g. 'serial_confusable', 'short_ttc'. */
  code: string;
  /** Plain words for the analyst. */
  text: string;
  /** Records behind the reason: [{ type: 'trace', id: 12 }, ...]. */
  evidence?: Array<{ type: string; id: number | string; date?: string }>;
  weight?: number;
}

export interface NewAlert {
  kind: string;
  title: string;
  severity?: 'normal' | 'high' | 'critical';
  caseId?: number | null;
  agencyId?: number | null;
  suspectGunId?: number | null;
  traceId?: number | null;
  recoveryId?: number | null;
  subjectRef?: string | null;
  score?: number | null;
  reasons: AlertReason[];
  assignedTo?: number | null;
  /** Same key, same alert: raising it again returns the existing one instead of a second alert. */
  dedupeKey: string;
}

/**
 * Raises an alert (idempotent by dedupeKey) in the caller's transaction and audits it. Every alert then demands a
 * recorded decision; see the decisions service.
 */
export async function raiseAlert(tx: Tx, actor: Actor, a: NewAlert): Promise<{ id: number; created: boolean }> {
  const inserted = await tx
    .insertInto('alerts')
    .values({
      kind: a.kind,
      title: a.title,
      severity: a.severity ?? 'normal',
      case_id: a.caseId ?? null,
      agency_id: a.agencyId ?? null,
      suspect_gun_id: a.suspectGunId ?? null,
      trace_id: a.traceId ?? null,
      recovery_id: a.recoveryId ?? null,
      subject_ref: a.subjectRef ?? null,
      score: a.score ?? null,
      reasons: JSON.stringify(a.reasons),
      assigned_to: a.assignedTo ?? null,
      dedupe_key: a.dedupeKey,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    const existing = await tx.selectFrom('alerts').select('id').where('dedupe_key', '=', a.dedupeKey).executeTakeFirstOrThrow();
    return { id: existing.id, created: false };
  }
  await recordAudit(tx, actor, {
    action: 'alert.raised', targetType: 'alert', targetId: inserted.id, details: { kind: a.kind, title: a.title },
  });
  return { id: inserted.id, created: true };
}
