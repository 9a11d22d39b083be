import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../server/context.js';
import { guard } from '../../server/auth-plugin.js';
import { APPROVAL_VERDICTS, DECISION_ACTIONS, MIN_MONITORING_JUSTIFICATION } from './decision-rules.js';
import { getAlert, listAlerts, OUTCOME_KINDS, recordDecision, recordDissent, recordOutcome, reviewDecision } from './decisions.service.js';
import { webhookDispatcher } from './dispatcher.js';

const Id = z.object({ id: z.coerce.number().int().positive() });
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'is not a date (YYYY-MM-DD)');

export const alertsRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const webhooks = webhookDispatcher(ctx, (e) => app.log.warn({ err: e }, 'alert webhook delivery failed'));
  // Sweep for events queued by other writers (detection, imports, clock checks); kicks after our own commits.
  const timer = setInterval(() => webhooks.kick(), 30_000);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await webhooks.idle();
  });

  app.get(
    '/alerts',
    {
      schema: {
        tags: ['alerts'],
        summary: 'The alert inbox: alerts you were told of (mine=true, default) or all you may see; each with its age',
        querystring: z.object({
          mine: z.enum(['true', 'false']).optional(),
          status: z.string().regex(/^[a-z_,]+$/).optional(),
          kind: z.string().max(60).optional(),
          limit: z.coerce.number().int().min(1).max(1000).optional(),
        }),
      },
    },
    async (req) => {
      const p = guard(req);
      const alerts = await ctx.db.transaction().execute((tx) =>
        listAlerts(tx, p, {
          mine: req.query.mine !== 'false',
          statuses: req.query.status?.split(',').filter(Boolean),
          kind: req.query.kind,
          limit: req.query.limit,
        }),
      );
      return { alerts };
    },
  );

  app.get('/alerts/:id', { schema: { tags: ['alerts'], summary: 'One alert: reasons, matches, decisions, reviews, dissent, outcomes', params: Id } }, async (req) => {
    const p = guard(req);
    return ctx.db.transaction().execute((tx) => getAlert(tx, p, req.params.id));
  });

  app.post(
    '/alerts/:id/decisions',
    {
      schema: {
        tags: ['alerts'],
        summary: `Record a decision. continue_monitoring needs a justification (>= ${MIN_MONITORING_JUSTIFICATION} characters) and a supervisor's approval`,
        params: Id,
        body: z.object({ action: z.enum(DECISION_ACTIONS), justification: z.string().max(4000).optional() }),
      },
    },
    async (req, reply) => {
      const p = guard(req, 'alert:decide');
      const r = await ctx.db.transaction().execute((tx) => recordDecision(tx, p, req.params.id, req.body));
      webhooks.kick();
      reply.status(201);
      return r;
    },
  );

  app.post(
    '/decisions/:id/review',
    {
      schema: {
        tags: ['alerts'],
        summary: "A supervisor approves or rejects a decision to continue monitoring (never their own); rejection reopens the alert",
        params: Id,
        body: z.object({ verdict: z.enum(APPROVAL_VERDICTS), note: z.string().max(4000).optional() }),
      },
    },
    async (req, reply) => {
      const p = guard(req, 'decision:approve');
      const r = await ctx.db.transaction().execute((tx) => reviewDecision(tx, p, req.params.id, req.body.verdict, req.body.note ?? null));
      webhooks.kick();
      reply.status(201);
      return r;
    },
  );

  app.post(
    '/decisions/:id/dissents',
    {
      schema: { tags: ['alerts'], summary: 'Record dissent from a decision (anyone on the case)', params: Id, body: z.object({ text: z.string().trim().min(5).max(4000) }) },
    },
    async (req, reply) => {
      const p = guard(req, 'decision:dissent');
      const r = await ctx.db.transaction().execute((tx) => recordDissent(tx, p, req.params.id, req.body.text));
      reply.status(201);
      return r;
    },
  );

  app.post(
    '/alerts/:id/outcomes',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Record what followed a decision (seizure, arrest, charge, lost track ...)',
        params: Id,
        body: z.object({ kind: z.enum(OUTCOME_KINDS), note: z.string().max(4000).optional(), occurredOn: IsoDate }),
      },
    },
    async (req, reply) => {
      const p = guard(req, 'alert:decide');
      const r = await ctx.db.transaction().execute((tx) => recordOutcome(tx, p, req.params.id, req.body));
      reply.status(201);
      return r;
    },
  );
};
