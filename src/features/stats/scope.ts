/**
 * The slice of traces a figure is computed over: what the user asked for (place, agency, dealer, case, dates),
 * narrowed always to the agencies the user may see. Scope filters combine with AND.
 */
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import { normalizeMxState, normalizeUsState } from '../../domain/geo.js';
import type { Tx } from '../../db/types.js';
import { badRequest, notFound } from '../../server/errors.js';
import { canSeeAgency, type Principal } from '../auth/principal.js';
import { mxStateName, usStateName } from './labels.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const statsScopeSchema = z.object({
  agency: z.string().min(1).max(20).optional().describe('ORI of the requesting agency'),
  state: z.string().min(2).max(40).optional().describe('US state of recovery (code or name)'),
  mxState: z.string().min(2).max(60).optional().describe('Mexican state of recovery (ISO code or name)'),
  country: z.string().regex(/^[A-Za-z]{2}$/).optional().describe('country of recovery, ISO 3166-1 alpha-2'),
  dealer: z.string().min(3).max(40).optional().describe('licence number of the source dealer'),
  case: z.string().min(1).max(60).optional().describe('case number (an Interdict case, or the agency or ATF case number on traces)'),
  from: isoDate.optional().describe('first day, by recovery date (submission date when no recovery is recorded)'),
  to: isoDate.optional().describe('last day, inclusive'),
});
export type StatsScopeInput = z.infer<typeof statsScopeSchema>;

/** A scope checked against the database and the principal; what the SQL filters on. */
export interface ResolvedScope {
  /** null: every agency (national scope). */
  visibleAgencyIds: number[] | null;
  agencyId?: number;
  agencyOri?: string;
  state?: string;
  mxState?: string;
  country?: string;
  dealerLicence?: string;
  caseNumber?: string;
  /** The Interdict case with that number, when there is one: its recovered suspect guns count too. */
  caseId?: number;
  from?: string;
  to?: string;
}

/** Checks and normalises a scope. Anything outside the principal's sight answers "not found", never "forbidden". */
export async function resolveScope(tx: Tx, p: Principal | null, input: StatsScopeInput): Promise<ResolvedScope> {
  const out: ResolvedScope = { visibleAgencyIds: p ? p.visibleAgencyIds : null };
  if (input.agency) {
    const a = await tx.selectFrom('agencies').select(['id', 'ori']).where('ori', '=', input.agency.toUpperCase()).executeTakeFirst();
    if (!a || (p && !canSeeAgency(p, a.id))) throw notFound('Agency');
    out.agencyId = a.id;
    out.agencyOri = a.ori;
  }
  if (input.state) {
    const s = normalizeUsState(input.state);
    if (!s.ok) throw badRequest(`state: ${s.reason}`);
    out.state = s.value.code;
  }
  if (input.mxState) {
    const s = normalizeMxState(input.mxState);
    if (!s.ok) throw badRequest(`mxState: ${s.reason}`);
    out.mxState = s.value.code;
  }
  if (input.country) out.country = input.country.toUpperCase();
  if (out.mxState && out.country && out.country !== 'MX') throw badRequest('mxState is a Mexican state but country is not MX');
  if (out.state && out.country && out.country !== 'US') throw badRequest('state is a US state but country is not US');
  if (input.dealer) out.dealerLicence = input.dealer.trim();
  if (input.case) {
    out.caseNumber = input.case.trim();
    const c = await tx.selectFrom('cases').select(['id', 'agency_id']).where('case_number', '=', out.caseNumber).executeTakeFirst();
    if (c) {
      if (p && !canSeeAgency(p, c.agency_id)) throw notFound('Case');
      out.caseId = c.id;
    }
  }
  if (input.from) out.from = input.from;
  if (input.to) out.to = input.to;
  if (out.from && out.to && out.from > out.to) throw badRequest('from is after to');
  for (const d of [out.from, out.to]) if (d && Number.isNaN(Date.parse(`${d}T00:00:00Z`))) throw badRequest(`${d} is not a date`);
  return out;
}

/** The scope as one SQL condition on stats_trace_facts aliased `f`; values are parameters, never spliced. */
export function scopeCondition(s: ResolvedScope): RawBuilder<boolean> {
  const c: Array<RawBuilder<unknown>> = [sql`true`];
  if (s.visibleAgencyIds !== null) {
    // An empty list must match nothing, and `= ANY('{}')` does exactly that.
    c.push(sql`f.agency_id = ANY(${s.visibleAgencyIds}::bigint[])`);
  }
  if (s.agencyId !== undefined) c.push(sql`f.agency_id = ${s.agencyId}`);
  if (s.state) c.push(sql`f.rec_state = ${s.state} AND f.rec_country = 'US'`);
  if (s.mxState) c.push(sql`f.rec_mx_state = ${s.mxState}`);
  if (s.country) c.push(sql`f.rec_country = ${s.country}`);
  if (s.dealerLicence) c.push(sql`f.dealer_licence = ${s.dealerLicence}`);
  if (s.caseNumber) {
    const bySuspectGun =
      s.caseId !== undefined
        ? sql`OR f.trace_id IN (SELECT sg.recovered_trace_id FROM suspect_guns sg WHERE sg.case_id = ${s.caseId} AND sg.recovered_trace_id IS NOT NULL)`
        : sql``;
    c.push(sql`(f.requester_case_number = ${s.caseNumber} OR f.atf_case_number = ${s.caseNumber} ${bySuspectGun})`);
  }
  if (s.from) c.push(sql`f.event_on >= ${s.from}::date`);
  if (s.to) c.push(sql`f.event_on <= ${s.to}::date`);
  return sql<boolean>`(${sql.join(c, sql` AND `)})`;
}

/** The scope in words, for page titles, report headers and the audit log. */
export function describeScope(s: ResolvedScope): string {
  const parts: string[] = [];
  if (s.state) parts.push(`recovered in ${usStateName(s.state)}`);
  if (s.mxState) parts.push(`recovered in ${mxStateName(s.mxState)}, Mexico`);
  if (s.country && !s.state && !s.mxState) parts.push(`recovered in ${s.country === 'MX' ? 'Mexico' : s.country === 'US' ? 'the United States' : s.country}`);
  if (s.agencyOri) parts.push(`requested by agency ${s.agencyOri}`);
  if (s.dealerLicence) parts.push(`sourced to dealer ${s.dealerLicence}`);
  if (s.caseNumber) parts.push(`in case ${s.caseNumber}`);
  if (s.from && s.to) parts.push(`from ${s.from} to ${s.to}`);
  else if (s.from) parts.push(`from ${s.from}`);
  else if (s.to) parts.push(`up to ${s.to}`);
  const what = parts.length ? `Traces ${parts.join(', ')}` : 'All traces';
  return s.visibleAgencyIds === null ? what : `${what} (of the agencies you may see)`;
}

/** Narrow scopes name a handful of traces, possibly one person's: reading them is audited. */
export function isNarrowScope(s: ResolvedScope): boolean {
  return s.caseNumber !== undefined || s.dealerLicence !== undefined;
}
