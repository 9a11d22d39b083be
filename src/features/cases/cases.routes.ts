import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../server/context.js';
import { guard } from '../../server/auth-plugin.js';
import { personShape } from '../../formats/groups.js';
import { addCaseMember, addCaseSubject, closeCase, createCase, getCase, listCases } from './cases.service.js';

const Id = z.object({ id: z.coerce.number().int().positive() });
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'is not a date (YYYY-MM-DD)');

export const casesRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.get(
    '/cases',
    { schema: { tags: ['cases'], summary: 'Cases of the agencies you may see', querystring: z.object({ status: z.enum(['open', 'closed']).optional() }) } },
    async (req) => {
      const p = guard(req, 'case:read');
      return { cases: await ctx.db.transaction().execute((tx) => listCases(tx, p, req.query.status ?? null)) };
    },
  );

  app.post(
    '/cases',
    {
      schema: {
        tags: ['cases'],
        summary: 'Open a case',
        body: z.object({
          caseNumber: z.string().min(1).max(60),
          title: z.string().min(1).max(300),
          openedOn: IsoDate.optional(),
          leadInvestigator: z.string().optional(),
          supervisor: z.string().optional(),
          members: z.array(z.string()).max(100).optional(),
        }),
      },
    },
    async (req, reply) => {
      const p = guard(req, 'case:manage');
      const r = await ctx.db.transaction().execute((tx) => createCase(tx, p, req.body));
      reply.status(201);
      return r;
    },
  );

  app.get('/cases/:id', { schema: { tags: ['cases'], summary: 'A case with its people and subjects (audited)', params: Id } }, async (req) => {
    const p = guard(req, 'case:read');
    return ctx.db.transaction().execute((tx) => getCase(tx, p, req.params.id));
  });

  app.post(
    '/cases/:id/members',
    { schema: { tags: ['cases'], summary: 'Add a member to a case', params: Id, body: z.object({ username: z.string().min(1), role: z.string().max(40).optional() }) } },
    async (req) => {
      const p = guard(req, 'case:manage');
      await ctx.db.transaction().execute((tx) => addCaseMember(tx, p, req.params.id, req.body.username, req.body.role));
      return { ok: true };
    },
  );

  app.post(
    '/cases/:id/subjects',
    {
      schema: {
        tags: ['cases'],
        summary: 'Add a subject (a person) to a case',
        params: Id,
        body: z.strictObject({ ...personShape('the subject'), role: z.string().max(40).optional() }),
      },
    },
    async (req, reply) => {
      const p = guard(req, 'case:manage');
      const { role, ...person } = req.body;
      const r = await ctx.db.transaction().execute((tx) => addCaseSubject(tx, p, req.params.id, person, role));
      reply.status(201);
      return r;
    },
  );

  app.post(
    '/cases/:id/close',
    { schema: { tags: ['cases'], summary: 'Close a case (its suspect-gun entries close with it)', params: Id, body: z.object({ reason: z.string().min(3).max(1000) }) } },
    async (req) => {
      const p = guard(req, 'case:manage');
      return ctx.db.transaction().execute((tx) => closeCase(tx, p, req.params.id, req.body.reason));
    },
  );
};
