import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../server/context.js';
import { guard } from '../../server/auth-plugin.js';
import { notFound } from '../../server/errors.js';
import { actorOf } from '../auth/principal.js';
import { listLegalHolds, placeLegalHold, purgeMultipleSaleBuyers, releaseLegalHold } from './retention.service.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
const today = () => new Date().toISOString().slice(0, 10);

export const retentionRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.post(
    '/retention/run',
    {
      schema: {
        tags: ['retention'],
        summary: 'Purge data past its retention period (admin); dryRun reports what would go',
        body: z.object({ asOf: isoDate.optional(), dryRun: z.boolean().default(true) }),
      },
    },
    async (req) => {
      const p = guard(req, 'retention:run');
      return purgeMultipleSaleBuyers(ctx.db, actorOf(p), { asOf: req.body.asOf ?? today(), dryRun: req.body.dryRun });
    },
  );

  app.get('/legal-holds', { schema: { tags: ['retention'], summary: 'Legal holds' } }, async (req) => {
    guard(req, 'retention:run');
    return { holds: await listLegalHolds(ctx.db) };
  });

  app.post(
    '/legal-holds',
    {
      schema: {
        tags: ['retention'],
        summary: 'Place a legal hold: the record is kept whatever its age',
        body: z.object({
          targetType: z.enum(['multiple_sale_report', 'person_record', 'case', 'trace_request']),
          targetId: z.string().min(1),
          reason: z.string().min(5),
        }),
      },
    },
    async (req, reply) => {
      const p = guard(req, 'retention:run');
      const id = await placeLegalHold(ctx.db, actorOf(p), req.body.targetType, req.body.targetId, req.body.reason);
      reply.status(201);
      return { id };
    },
  );

  app.post(
    '/legal-holds/:id/release',
    { schema: { tags: ['retention'], summary: 'Release a legal hold', params: z.object({ id: z.coerce.number().int() }), body: z.object({ reason: z.string().min(5) }) } },
    async (req) => {
      const p = guard(req, 'retention:run');
      if (!(await releaseLegalHold(ctx.db, actorOf(p), req.params.id, req.body.reason))) throw notFound('Active legal hold');
      return { ok: true };
    },
  );
};
