import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';
import { auditHash, GENESIS_HASH, type AuditFields } from './audit.hash.js';

/** Who is acting, and why: carried from the request (or CLI) into every audited write and read. */
export interface Actor {
  userId: number | null;
  label: string;
  agencyId: number | null;
  requestId?: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, label: 'system', agencyId: null, requestId: null };

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | number | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

// One lock id for the chain: appends are serialised so each event links to exactly the one before it.
export const AUDIT_LOCK = 727_001;

/** The rows that append `entries` to the chain after the event whose hash is `prev` (the caller holds AUDIT_LOCK). */
export function chainAuditRows(prev: string, actor: Actor, entries: AuditEntry[]) {
  const at = new Date().toISOString();
  return entries.map((entry) => {
    const fields: AuditFields = {
      at,
      actor_id: actor.userId,
      actor_label: actor.label,
      agency_id: actor.agencyId,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId == null ? null : String(entry.targetId),
      reason: entry.reason ?? null,
      request_id: actor.requestId ?? null,
      details: entry.details ?? {},
    };
    const hash = auditHash(prev, fields);
    const row = { ...fields, details: JSON.stringify(fields.details), prev_hash: prev, hash };
    prev = hash;
    return row;
  });
}

/**
 * Appends one event to the hash-chained audit log. Must be called with the transaction of the change (or read)
 * it records, so that the event exists if and only if the change does.
 */
export async function recordAudit(tx: Tx, actor: Actor, entry: AuditEntry): Promise<void> {
  await recordAudits(tx, actor, [entry]);
}

/** Appends several events, in order, under one lock and one look-up of the chain's end. */
export async function recordAudits(tx: Tx, actor: Actor, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(tx);
  const last = await tx.selectFrom('audit_events').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const rows = chainAuditRows(last?.hash ?? GENESIS_HASH, actor, [...entries]);
  // The chain's order is the id order: the rows go in the order they were chained.
  for (let k = 0; k < rows.length; k += 1000) await tx.insertInto('audit_events').values(rows.slice(k, k + 1000)).execute();
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBroken?: { id: number; problem: string };
}

/** Walks the chain in order; names the first event whose hash or link does not hold. */
export async function verifyAuditChain(tx: Tx, onProgress?: (checked: number) => void): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const rows = await tx
      .selectFrom('audit_events')
      .selectAll()
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(5000)
      .execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.prev_hash !== prev) {
        return { ok: false, checked, firstBroken: { id: r.id, problem: 'link to the previous event is broken (an event was removed or reordered)' } };
      }
      const expected = auditHash(prev, {
        at: new Date(r.at).toISOString(),
        actor_id: r.actor_id,
        actor_label: r.actor_label,
        agency_id: r.agency_id,
        action: r.action,
        target_type: r.target_type,
        target_id: r.target_id,
        reason: r.reason,
        request_id: r.request_id,
        details: r.details,
      });
      if (expected !== r.hash) {
        return { ok: false, checked, firstBroken: { id: r.id, problem: 'content does not match its hash (the event was altered)' } };
      }
      prev = r.hash;
      lastId = r.id;
      checked++;
    }
    onProgress?.(checked);
  }
  return { ok: true, checked };
}
