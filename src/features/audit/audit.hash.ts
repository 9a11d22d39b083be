import { createHash } from 'node:crypto';

export interface AuditFields {
  at: string; // ISO timestamp, millisecond precision
  actor_id: number | null;
  actor_label: string;
  agency_id: number | null;
  action: string;
  target_type: string;
  target_id: string | null;
  reason: string | null;
  request_id: string | null;
  details: unknown;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted, so the hash does not depend on key order or on how jsonb stored it. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function auditHash(prevHash: string, f: AuditFields): string {
  const body = canonicalJson({
    at: f.at,
    actor_id: f.actor_id,
    actor_label: f.actor_label,
    agency_id: f.agency_id,
    action: f.action,
    target_type: f.target_type,
    target_id: f.target_id,
    reason: f.reason,
    request_id: f.request_id,
    details: f.details ?? {},
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}
