/**
 * Statistics, reports and map data for a scope the caller may see. Figures are aggregates; reading them for a
 * narrow scope (a case, a dealer) and every report produced are audited, because a small slice of traces can
 * describe a few people and a report may leave the agency.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Tx } from '../../db/types.js';
import { normalizeMxState, normalizeUsState } from '../../domain/geo.js';
import { badRequest, forbidden } from '../../server/errors.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import { actorOf, can, type Principal } from '../auth/principal.js';
import { buildFigures, type StatsFigures } from './figures.js';
import { buildMap, type MapData, type MapOptions } from './map.js';
import { buildReport, type ReportKind, type TraceReport } from './report.js';
import { describeScope, isNarrowScope, resolveScope, type ResolvedScope, type StatsScopeInput } from './scope.js';
import { applyPendingBeforeRead, refreshStats } from './refresh.js';
import { dimensions, summary } from './stats.repository.js';
import { fromSummary, summaryCanAnswer, SummaryMismatch } from './summary.js';
import { checkMinCell, DEFAULT_MIN_CELL } from './suppress.js';

export interface StatsResult {
  scope: { description: string; filter: Omit<ResolvedScope, 'visibleAgencyIds' | 'caseId'>; national: boolean };
  asOf: string;
  figures: StatsFigures;
}

export interface ReportRequest {
  kind: ReportKind;
  /** US state (code or name) for a state report; a Mexican state, or nothing for all of Mexico, for a Mexico report. */
  place?: string;
  year: number;
  release: boolean;
  minCell?: number;
  format?: string;
}

/** Who asks: a signed-in principal (scoped), or the CLI acting with the machine's authority (national). */
export type Caller = { principal: Principal } | { actor: Actor };

function callerPrincipal(c: Caller): Principal | null {
  return 'principal' in c ? c.principal : null;
}
function callerActor(c: Caller): Actor {
  return 'principal' in c ? actorOf(c.principal) : c.actor;
}

function publicFilter(s: ResolvedScope): StatsResult['scope']['filter'] {
  const { visibleAgencyIds: _v, caseId: _c, ...rest } = s;
  return rest;
}

export { applyPendingStats, refreshStats } from './refresh.js';

/**
 * From the summaries when the scope allows (whole years, a place, national sight), else from the facts. `detailed`
 * forces the facts, for tests that compare the two.
 */
export async function computeFigures(tx: Tx, scope: ResolvedScope, now: Date, top?: number, opts: { detailed?: boolean } = {}): Promise<StatsFigures> {
  await applyPendingBeforeRead(tx);
  if (!opts.detailed && summaryCanAnswer(scope)) {
    try {
      const r = await fromSummary(tx, scope, now);
      return buildFigures(r.s, r.rows, { top });
    } catch (e) {
      // A change committed between the summary read and a bucket read; the facts answer instead.
      if (!(e instanceof SummaryMismatch)) throw e;
    }
  }
  // Two statements, run side by side: on PostgreSQL they take two pool connections and overlap.
  const [s, rows] = await Promise.all([summary(tx, scope, now), dimensions(tx, scope)]);
  return buildFigures(s, rows, { top });
}

export function createStatsService(db: Kysely<DB>) {
  async function audited<T>(caller: Caller, scope: ResolvedScope, action: string, details: Record<string, unknown>, force: boolean, work: () => Promise<T>): Promise<T> {
    const result = await work();
    if (force || isNarrowScope(scope)) {
      await db.transaction().execute(async (tx) => {
        await recordAudit(tx, callerActor(caller), {
          action,
          targetType: 'trace_statistics',
          targetId: scope.caseNumber ?? scope.dealerLicence ?? null,
          reason: scope.caseNumber ?? null,
          details: { scope: describeScope(scope), ...details },
        });
      });
    }
    return result;
  }

  return {
    async stats(caller: Caller, input: StatsScopeInput, opts: { top?: number; now?: Date } = {}): Promise<StatsResult> {
      const now = opts.now ?? new Date();
      const scope = await resolveScope(db, callerPrincipal(caller), input);
      return audited(caller, scope, 'stats.read', {}, false, async () => ({
        scope: { description: describeScope(scope), filter: publicFilter(scope), national: scope.visibleAgencyIds === null },
        asOf: now.toISOString(),
        figures: await computeFigures(db, scope, now, opts.top),
      }));
    },

    async map(caller: Caller, input: StatsScopeInput, opts: MapOptions): Promise<MapData> {
      const scope = await resolveScope(db, callerPrincipal(caller), input);
      return audited(caller, scope, 'stats.map', {}, false, async () => {
        await applyPendingBeforeRead(db);
        return buildMap(db, scope, opts, describeScope(scope));
      });
    },

    async report(caller: Caller, req: ReportRequest, now = new Date()): Promise<TraceReport> {
      const p = callerPrincipal(caller);
      if (req.release && p && !can(p, 'stats:release')) throw forbidden('Producing a report for release needs the stats:release permission');
      let minCell: number;
      try {
        minCell = checkMinCell(req.minCell ?? DEFAULT_MIN_CELL);
      } catch (e) {
        throw badRequest((e as Error).message);
      }
      if (!Number.isInteger(req.year) || req.year < 1968 || req.year > 2100) throw badRequest('year must be a year from 1968 to 2100');
      const range = { from: `${req.year}-01-01`, to: `${req.year}-12-31` };
      let input: StatsScopeInput;
      let place: { code: string; name: string };
      if (req.kind === 'state') {
        if (!req.place) throw badRequest('a state report needs a place: a US state code or name');
        const s = normalizeUsState(req.place);
        if (!s.ok) throw badRequest(`place: ${s.reason}`);
        input = { state: s.value.code, ...range };
        place = { code: s.value.code, name: s.value.name };
      } else if (req.place) {
        const s = normalizeMxState(req.place);
        if (!s.ok) throw badRequest(`place: ${s.reason}`);
        input = { country: 'MX', mxState: s.value.code, ...range };
        place = { code: s.value.code, name: `${s.value.name}, Mexico` };
      } else {
        input = { country: 'MX', ...range };
        place = { code: 'MX', name: 'Mexico' };
      }
      const scope = await resolveScope(db, p, input);
      return audited(caller, scope, 'stats.report', { kind: req.kind, place: place.code, year: req.year, release: req.release, minCell, format: req.format ?? 'json' }, true, async () =>
        buildReport({
          kind: req.kind, place, year: req.year, scope: describeScope(scope), release: req.release, minCell, generatedAt: now,
          figures: await computeFigures(db, scope, now, 15),
        }),
      );
    },

    /** Adds facts for traces that have none (loaded with triggers off); `full` recomputes every fact. */
    async refresh(full = false): Promise<{ mode: 'catch_up' | 'full'; rows: number }> {
      return refreshStats(db, { full });
    },
  };
}

export type StatsService = ReturnType<typeof createStatsService>;

