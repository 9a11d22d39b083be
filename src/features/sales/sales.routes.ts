import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../server/context.js';
import { guard } from '../../server/auth-plugin.js';
import { notFound } from '../../server/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { actorOf } from '../auth/principal.js';
import { getReport, listFindings, listReports } from './sales.repository.js';

const Id = z.object({ id: z.coerce.number().int().positive() });
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'is not a date (YYYY-MM-DD)');
const Reason = z.string().max(200).optional().describe('why you look (case number): recorded in the audit log');
const Page = { limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).default(0) };

/** Reading multiple-sale reports (with their linked chains) and the compliance findings. Buyer data reads are audited. */
export const salesRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.get(
    '/sales/reports',
    {
      schema: {
        tags: ['sales'],
        summary: 'Multiple-sale reports, newest first, by dealer, person (subject), form or dates',
        querystring: z.object({
          dealerId: z.coerce.number().int().positive().optional(), subjectId: z.coerce.number().int().positive().optional(),
          form: z.enum(['3310.4', '3310.12']).optional(), from: IsoDate.optional(), to: IsoDate.optional(), reason: Reason, ...Page,
        }),
      },
    },
    async (req) => {
      const p = guard(req, 'sales:read');
      return ctx.db.transaction().execute(async (tx) => {
        const reports = await listReports(tx, req.query);
        await recordAudit(tx, actorOf(p), {
          action: 'sales.reports.list', targetType: 'multiple_sale_report', reason: req.query.reason ?? null,
          details: { dealerId: req.query.dealerId ?? null, subjectId: req.query.subjectId ?? null, returned: reports.length },
        });
        return { reports };
      });
    },
  );

  app.get(
    '/sales/reports/:id',
    {
      schema: {
        tags: ['sales'],
        summary: 'One multiple-sale report: buyer, guns, what traces say became of them, and its linked chain',
        params: Id,
        querystring: z.object({ reason: Reason }),
      },
    },
    async (req) => {
      const p = guard(req, 'sales:read');
      return ctx.db.transaction().execute(async (tx) => {
        const r = await getReport(tx, req.params.id);
        if (!r) throw notFound('Report');
        await recordAudit(tx, actorOf(p), { action: 'sales.report.read', targetType: 'multiple_sale_report', targetId: req.params.id, reason: req.query.reason ?? null });
        return r;
      });
    },
  );

  app.get(
    '/sales/compliance',
    {
      schema: {
        tags: ['sales'],
        summary: 'Sales found through traces that should have been reported as multiple sales and were not',
        querystring: z.object({
          dealerId: z.coerce.number().int().positive().optional(), subjectId: z.coerce.number().int().positive().optional(),
          certainty: z.enum(['definite', 'possible']).optional(), reason: Reason, ...Page,
        }),
      },
    },
    async (req) => {
      const p = guard(req, 'sales:read');
      return ctx.db.transaction().execute(async (tx) => {
        const findings = await listFindings(tx, req.query);
        await recordAudit(tx, actorOf(p), { action: 'sales.compliance.list', targetType: 'compliance_finding', reason: req.query.reason ?? null, details: { returned: findings.length } });
        return { findings };
      });
    },
  );
};
