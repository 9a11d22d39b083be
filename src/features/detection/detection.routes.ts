import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../server/context.js';
import { guard } from '../../server/auth-plugin.js';
import { notFound } from '../../server/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { actorOf } from '../auth/principal.js';
import { DETECTION_JOB } from './detection.jobs.js';
import { dealerProfile, personRisk, rankedDealers, rankedPeople, recentRuns, subjectOfRecord } from './detection.query.js';

const Id = z.object({ id: z.coerce.number().int().positive() });
const Level = z.enum(['low', 'elevated', 'high']);
const Reason = z.string().max(200).optional().describe('why you look (case number): recorded in the audit log');

/**
 * Detection: ranked people and dealers, a person's risk with reasons and evidence, a dealer's profile, runs.
 * Detection data is national (multiple-sale reports and trace results held by the tracing center); who may read it
 * is decided by the detection permissions. Every read of people's data is audited.
 */
export const detectionRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.get(
    '/detection/people',
    {
      schema: {
        tags: ['detection'],
        summary: 'People ranked by trafficking risk (current scores), with the headline of their reasons',
        querystring: z.object({
          level: Level.optional(), q: z.string().max(100).optional(), reason: Reason,
          limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).default(0),
        }),
      },
    },
    async (req) => {
      const p = guard(req, 'detection:read');
      return ctx.db.transaction().execute(async (tx) => {
        const r = await rankedPeople(tx, req.query);
        await recordAudit(tx, actorOf(p), {
          action: 'detection.people.list', targetType: 'person_risk', reason: req.query.reason ?? null,
          details: { level: req.query.level ?? null, q: req.query.q ?? null, returned: r.people.map((x) => x.subject_id) },
        });
        return r;
      });
    },
  );

  app.get(
    '/detection/people/:id',
    {
      schema: {
        tags: ['detection'],
        summary: "A person's risk: score, reasons with evidence, the records behind the person, purchases, alerts, score history",
        params: Id,
        querystring: z.object({ reason: Reason, record: z.enum(['true', 'false']).optional().describe('id is a person record id, not a subject id') }),
      },
    },
    async (req) => {
      const p = guard(req, 'detection:read');
      return ctx.db.transaction().execute(async (tx) => {
        const subject = req.query.record === 'true' ? await subjectOfRecord(tx, req.params.id) : req.params.id;
        const r = subject === null ? null : await personRisk(tx, subject);
        if (!r) throw notFound('Person');
        await recordAudit(tx, actorOf(p), { action: 'detection.person.read', targetType: 'person_subject', targetId: r.subjectId, reason: req.query.reason ?? null });
        return r;
      });
    },
  );

  app.get(
    '/detection/dealers',
    {
      schema: {
        tags: ['detection'],
        summary: 'Dealers ranked by risk judged against their volume (shrunk rate ratios), with reasons',
        querystring: z.object({ level: Level.optional(), limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).default(0) }),
      },
    },
    async (req) => {
      guard(req, 'detection:read');
      return rankedDealers(ctx.db, req.query);
    },
  );

  app.get(
    '/detection/dealers/:id',
    { schema: { tags: ['detection'], summary: "A dealer's profile: risk and reasons, TTC brackets, flagged buyers, unreported multiple sales", params: Id, querystring: z.object({ reason: Reason }) } },
    async (req) => {
      const p = guard(req, 'detection:read');
      return ctx.db.transaction().execute(async (tx) => {
        const r = await dealerProfile(tx, req.params.id);
        if (!r) throw notFound('Dealer');
        // The profile names flagged buyers: a read of people's data.
        await recordAudit(tx, actorOf(p), { action: 'detection.dealer.read', targetType: 'dealer', targetId: req.params.id, reason: req.query.reason ?? null });
        return r;
      });
    },
  );

  app.get('/detection/runs', { schema: { tags: ['detection'], summary: 'Recent detection runs with their figures' } }, async (req) => {
    guard(req, 'detection:read');
    return { runs: await recentRuns(ctx.db) };
  });

  app.post(
    '/detection/runs',
    {
      schema: {
        tags: ['detection'],
        summary: 'Start a detection run in the background (incremental by default); follow it at /jobs/{id}',
        body: z.object({ mode: z.enum(['full', 'incremental']).default('incremental') }),
      },
    },
    async (req, reply) => {
      const p = guard(req, 'detection:run');
      const jobId = await ctx.jobs.enqueue(DETECTION_JOB, { mode: req.body.mode }, p.userId);
      reply.status(202);
      return { jobId };
    },
  );

  app.get(
    '/detection/alerts',
    {
      schema: {
        tags: ['detection'],
        summary: 'Risk alerts (people who crossed the threshold), newest first; decisions are made in the alert inbox',
        querystring: z.object({ status: z.string().regex(/^[a-z_,]+$/).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
      },
    },
    async (req) => {
      guard(req, 'alert:read');
      let qb = ctx.db.selectFrom('alerts')
        .select(['id', 'status', 'severity', 'title', 'score', 'subject_ref', 'reasons', 'created_at', 'decided_at'])
        .where('kind', '=', 'risk_threshold');
      const statuses = req.query.status?.split(',').filter(Boolean);
      if (statuses?.length) qb = qb.where('status', 'in', statuses);
      return { alerts: await qb.orderBy('id', 'desc').limit(req.query.limit).execute() };
    },
  );
};
