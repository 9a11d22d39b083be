/**
 * What a principal may see of the network. A person record is in scope when its agency is one the principal may
 * see (national scope sees all); records taken in nationally (no agency) are seen only with national scope. A
 * source with an agency of its own (a trace request, a recovery, a case) must be in scope as well: a trace of
 * another agency does not leak its possessor through the graph.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Principal } from '../auth/principal.js';

export interface NetworkScope {
  /** null: every agency. An empty list sees nothing. */
  visibleAgencyIds: number[] | null;
}

export function scopeOf(p: Pick<Principal, 'visibleAgencyIds'>): NetworkScope {
  return { visibleAgencyIds: p.visibleAgencyIds === null ? null : [...p.visibleAgencyIds].sort((a, b) => a - b) };
}

export const NATIONAL: NetworkScope = { visibleAgencyIds: null };

/** A stable key for caching one graph per scope. */
export function scopeKey(s: NetworkScope): string {
  return s.visibleAgencyIds === null ? 'national' : `agencies:${s.visibleAgencyIds.join(',')}`;
}

/** `alias.agency_id` (or the named column) within the scope, as one SQL condition with the ids as a parameter. */
export function scopeSql(s: NetworkScope, alias: string, column = 'agency_id'): RawBuilder<boolean> {
  if (s.visibleAgencyIds === null) return sql<boolean>`true`;
  // `= ANY('{}')` matches nothing, which is what an empty scope must do.
  return sql<boolean>`${sql.ref(`${alias}.${column}`)} = ANY(${s.visibleAgencyIds}::bigint[])`;
}
