import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../server/context.js';
import { guard } from '../../server/auth-plugin.js';
import { GRID_CELLS } from './map.js';
import { reportToCsv } from './report.js';
import { statsScopeSchema } from './scope.js';
import { createStatsService } from './stats.service.js';
import { DEFAULT_MIN_CELL, MIN_CELL_CEILING, MIN_CELL_FLOOR } from './suppress.js';

const reportQuery = z.object({
  place: z.string().min(2).max(60).optional().describe('state report: a US state; Mexico report: a Mexican state, or omit for all of Mexico'),
  year: z.coerce.number().int().min(1968).max(2100),
  release: z.stringbool().default(false).describe('hide small counts for release outside law enforcement (needs stats:release)'),
  minCell: z.coerce.number().int().min(MIN_CELL_FLOOR).max(MIN_CELL_CEILING).default(DEFAULT_MIN_CELL).describe('counts below this are shown as "<minCell" in a release'),
  format: z.enum(['json', 'csv']).default('json'),
});

export const statsRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const svc = createStatsService(ctx.db);

  app.get(
    '/stats',
    {
      schema: {
        tags: ['stats'],
        summary: 'Trace statistics for a scope (agency, place, dealer, case, dates), within the agencies the caller may see',
        querystring: statsScopeSchema.extend({ top: z.coerce.number().int().min(1).max(100).default(15) }),
      },
    },
    async (req) => {
      const p = guard(req, 'stats:read');
      const { top, ...scope } = req.query;
      return svc.stats({ principal: p }, scope, { top });
    },
  );

  app.get(
    '/stats/map',
    {
      schema: {
        tags: ['stats'],
        summary: 'Map data per period: recoveries on a grid, recoveries per state, source dealers, and source-to-recovery flows',
        querystring: statsScopeSchema.extend({
          period: z.enum(['year', 'month']).default('year'),
          cell: z.coerce.number().refine((c) => (GRID_CELLS as readonly number[]).includes(c), `one of ${GRID_CELLS.join(', ')}`).default(0.25),
          dealers: z.coerce.number().int().min(0).max(2000).default(300),
        }),
      },
    },
    async (req) => {
      const p = guard(req, 'stats:read');
      const { period, cell, dealers, ...scope } = req.query;
      return svc.map({ principal: p }, scope, { period, cell, dealerLimit: dealers });
    },
  );

  for (const kind of ['state', 'mexico'] as const) {
    app.get(
      `/reports/${kind}`,
      {
        schema: {
          tags: ['stats'],
          summary:
            kind === 'state'
              ? "A state's annual trace report in the form of ATF's (JSON or CSV)"
              : "The annual Mexico trace report in the form of ATF's, for Mexico or one Mexican state (JSON or CSV)",
          querystring: reportQuery,
        },
      },
      async (req, reply) => {
        const p = guard(req, 'stats:read');
        const q = req.query;
        const rep = await svc.report({ principal: p }, { kind, place: q.place, year: q.year, release: q.release, minCell: q.minCell, format: q.format });
        if (q.format === 'csv') {
          const name = `trace-report-${rep.place.code.toLowerCase()}-${rep.year}${rep.release ? '-release' : ''}.csv`;
          return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(reportToCsv(rep));
        }
        return rep;
      },
    );
  }

  app.post(
    '/stats/refresh',
    {
      schema: {
        tags: ['stats'],
        summary: 'Catch up the statistics facts with traces loaded with triggers off; full=true rebuilds them all',
        body: z.object({ full: z.boolean().default(false) }).default({ full: false }),
      },
    },
    async (req) => {
      guard(req, 'stats:refresh');
      return svc.refresh(req.body.full);
    },
  );
};
