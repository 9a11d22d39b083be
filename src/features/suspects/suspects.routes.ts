import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../server/context.js';
import { guard } from '../../server/auth-plugin.js';
import { suspectGunsFormat } from '../../formats/index.js';
import { webhookDispatcher } from '../alerts/dispatcher.js';
import { closeEntry, getEntry, gunsAtLarge, listRegister, reapproveEntry, referByPrincipal, reviewEntry, reviewMatch } from './suspects.service.js';

const Id = z.object({ id: z.coerce.number().int().positive() });
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'is not a date (YYYY-MM-DD)');

export const suspectsRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const webhooks = webhookDispatcher(ctx);

  app.get(
    '/suspects',
    {
      schema: {
        tags: ['suspects'],
        summary: 'The suspect-gun register (entries of the agencies you may see)',
        querystring: z.object({
          status: z.enum(['pending', 'approved', 'rejected', 'recovered', 'closed']).optional(),
          caseId: z.coerce.number().int().optional(),
          limit: z.coerce.number().int().min(1).max(2000).optional(),
        }),
      },
    },
    async (req) => {
      const p = guard(req, 'suspect:read');
      return { entries: await ctx.db.transaction().execute((tx) => listRegister(tx, p, req.query)) };
    },
  );

  app.post(
    '/suspects',
    {
      schema: {
        tags: ['suspects'],
        summary: 'Refer a suspect gun (same fields as the suspect_guns import); matched at once against recovered guns held',
        body: suspectGunsFormat.schema,
      },
    },
    async (req, reply) => {
      const p = guard(req, 'suspect:refer');
      const r = await ctx.db.transaction().execute((tx) => referByPrincipal(tx, p, req.body));
      if (r.matches.length) webhooks.kick();
      reply.status(r.duplicate ? 200 : 201);
      return { id: r.id, duplicate: r.duplicate, matches: r.matches };
    },
  );

  app.get('/suspects/:id', { schema: { tags: ['suspects'], summary: 'One register entry with its matches', params: Id } }, async (req) => {
    const p = guard(req, 'suspect:read');
    return ctx.db.transaction().execute((tx) => getEntry(tx, p, req.params.id));
  });

  app.post(
    '/suspects/:id/review',
    {
      schema: {
        tags: ['suspects'],
        summary: 'A supervisor (not the one who entered it) approves or rejects an entry',
        params: Id,
        body: z.object({ verdict: z.enum(['approved', 'rejected']), note: z.string().max(2000).optional(), reviewOn: IsoDate.optional() }),
      },
    },
    async (req) => {
      const p = guard(req, 'suspect:approve');
      const r = await ctx.db.transaction().execute((tx) => reviewEntry(tx, p, req.params.id, req.body.verdict, req.body.note ?? null, req.body.reviewOn));
      if (r.newMatches) webhooks.kick();
      return r;
    },
  );

  app.post(
    '/suspects/:id/reapprove',
    { schema: { tags: ['suspects'], summary: 'Periodic re-approval: set the next review date', params: Id, body: z.object({ reviewOn: IsoDate, note: z.string().min(5).max(2000) }) } },
    async (req) => {
      const p = guard(req, 'suspect:approve');
      return ctx.db.transaction().execute((tx) => reapproveEntry(tx, p, req.params.id, req.body.reviewOn, req.body.note));
    },
  );

  app.post(
    '/suspects/:id/close',
    { schema: { tags: ['suspects'], summary: 'Close an entry (the flag is withdrawn)', params: Id, body: z.object({ reason: z.string().min(3).max(2000) }) } },
    async (req) => {
      const p = guard(req, 'suspect:read');
      return ctx.db.transaction().execute((tx) => closeEntry(tx, p, req.params.id, req.body.reason));
    },
  );

  app.post(
    '/suspect-matches/:id/review',
    {
      schema: {
        tags: ['suspects'],
        summary: 'Confirm a match (the flagged gun is recovered) or reject it (a different gun)',
        params: Id,
        body: z.object({ verdict: z.enum(['confirmed', 'rejected']) }),
      },
    },
    async (req) => {
      const p = guard(req, 'alert:decide');
      return ctx.db.transaction().execute((tx) => reviewMatch(tx, p, req.params.id, req.body.verdict));
    },
  );

  app.get('/guns-at-large', { schema: { tags: ['suspects'], summary: 'Approved suspect guns not yet recovered, with decisions and what followed' } }, async (req) => {
    const p = guard(req, 'suspect:read');
    return { guns: await ctx.db.transaction().execute((tx) => gunsAtLarge(tx, p)) };
  });
};
