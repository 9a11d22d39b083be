import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../server/context.js';
import { guard } from '../../server/auth-plugin.js';
import { notFound } from '../../server/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { actorOf } from '../auth/principal.js';
import { personView, reviewQueue, searchPersons, type Scope } from './persons.query.js';
import { RESOLUTION_JOB } from './resolution.jobs.js';
import { resolutionRepository } from './resolution.repository.js';
import { answerReviewItem } from './review.service.js';

const Id = z.object({ id: z.coerce.number().int().positive() });
const Reason = z.string().max(200).optional().describe('why you look (case number): recorded in the audit log');

/**
 * Resolved persons and the review queue. Every read of person data is audited in the same transaction; a person or
 * review item outside the caller's scope answers 404, like one that does not exist.
 */
export const resolutionRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const scopeOf = (p: { visibleAgencyIds: number[] | null }): Scope => ({ visibleAgencyIds: p.visibleAgencyIds });

  app.get(
    '/persons',
    {
      schema: {
        tags: ['resolution'],
        summary: 'Search resolved persons by name, birth date (YYYY-MM-DD or MM/DD/YYYY) or ID number; every word must match a record',
        querystring: z.object({ q: z.string().min(1).max(200), reason: Reason, limit: z.coerce.number().int().min(1).max(200).default(50) }),
      },
    },
    async (req) => {
      const p = guard(req, 'person:read');
      return ctx.db.transaction().execute(async (tx) => {
        const persons = await searchPersons(tx, scopeOf(p), req.query.q, req.query.limit);
        await recordAudit(tx, actorOf(p), {
          action: 'person.search', targetType: 'person', reason: req.query.reason ?? null,
          details: { q: req.query.q, returned: persons.map((x) => x.person_id) },
        });
        return { persons };
      });
    },
  );

  app.get(
    '/persons/:id',
    {
      schema: {
        tags: ['resolution'],
        summary: 'A person: the records behind it with their sources, and why each was joined (field by field, in words)',
        params: Id,
        querystring: z.object({ reason: Reason }),
      },
    },
    async (req) => {
      const p = guard(req, 'person:read');
      return ctx.db.transaction().execute(async (tx) => {
        const v = await personView(tx, scopeOf(p), req.params.id);
        if (!v) throw notFound('Person');
        await recordAudit(tx, actorOf(p), {
          action: 'person.read', targetType: 'person', targetId: req.params.id, reason: req.query.reason ?? null,
          details: { records: v.records.map((r) => r.id) },
        });
        return v;
      });
    },
  );

  app.get(
    '/resolution/review',
    {
      schema: {
        tags: ['resolution'],
        summary: 'The review queue: uncertain pairs of records side by side with the explanation (most uncertain first)',
        querystring: z.object({
          status: z.enum(['pending', 'confirmed', 'rejected']).default('pending'),
          limit: z.coerce.number().int().min(1).max(200).default(20),
          offset: z.coerce.number().int().min(0).default(0),
          reason: Reason,
        }),
      },
    },
    async (req) => {
      const p = guard(req, 'resolution:review');
      return ctx.db.transaction().execute(async (tx) => {
        const r = await reviewQueue(tx, scopeOf(p), req.query);
        await recordAudit(tx, actorOf(p), {
          action: 'resolution.review.list', targetType: 'resolution_review_item', reason: req.query.reason ?? null,
          details: { status: req.query.status, returned: r.items.map((i) => i.id) },
        });
        return r;
      });
    },
  );

  app.post(
    '/resolution/review/:id',
    {
      schema: {
        tags: ['resolution'],
        summary: 'Confirm (one person) or reject (two people) a queued pair, with a note; the answer binds every later run',
        params: Id,
        body: z.object({ decision: z.enum(['confirmed', 'rejected']), note: z.string().max(2000).optional() }),
      },
    },
    async (req) => {
      const p = guard(req, 'resolution:review');
      return ctx.db.transaction().execute((tx) => answerReviewItem(tx, p, actorOf(p), req.params.id, req.body.decision, req.body.note ?? null));
    },
  );

  app.get(
    '/resolution/runs',
    { schema: { tags: ['resolution'], summary: 'Recent resolution runs with their parameters and figures', querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }) } },
    async (req) => {
      guard(req, 'resolution:review');
      return { runs: await resolutionRepository.listRuns(ctx.db, req.query.limit) };
    },
  );

  app.post(
    '/resolution/runs',
    {
      schema: {
        tags: ['resolution'],
        summary: 'Start a resolution run in the background (incremental by default; full re-trains the model); follow it at /jobs/{id}',
        body: z.object({ mode: z.enum(['full', 'incremental']).default('incremental') }),
      },
    },
    async (req, reply) => {
      const p = guard(req, 'resolution:review');
      const jobId = await ctx.jobs.enqueue(RESOLUTION_JOB, { mode: req.body.mode }, p.userId);
      reply.status(202);
      return { jobId };
    },
  );
};
