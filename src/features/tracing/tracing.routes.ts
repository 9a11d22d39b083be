import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../server/context.js';
import { guard } from '../../server/auth-plugin.js';
import { badRequest } from '../../server/errors.js';
import { NOT_COMPLETED_REASONS, TRACE_PRIORITIES, TRACE_STATUSES } from '../../domain/codes.js';
import { personShape } from '../../formats/groups.js';
import { recoveriesFormat, traceRequestsFormat } from '../../formats/index.js';
import { actorOf } from '../auth/principal.js';
import { webhookDispatcher } from '../alerts/dispatcher.js';
import { checkClocks } from './clocks.service.js';
import { checkEntry, getTrace, listTraces, submitByPrincipal } from './query.service.js';
import { recordRecovery } from './tracing.import.js';
import { addHop, askDealer, completeByTracer, HOP_ROLES_ENTERED, recordDealerAnswer, startTrace, stopByPrincipal } from './work.service.js';
import { reviewLateResult } from './late-results.js';

const Id = z.object({ id: z.coerce.number().int().positive() });
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'is not a date (YYYY-MM-DD)');
/** How often the server checks the trace and dealer clocks. */
const CLOCK_CHECK_MS = 5 * 60_000;

export const tracingRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const webhooks = webhookDispatcher(ctx);
  let clockRun: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    clockRun = ctx.db
      .transaction()
      .execute((tx) => checkClocks(tx, { userId: null, label: 'system:clocks', agencyId: null }))
      .then((r) => {
        if (r.alertsRaised) webhooks.kick();
      })
      .catch((e: unknown) => app.log.error({ err: e }, 'clock check failed'));
  }, CLOCK_CHECK_MS);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await clockRun;
  });

  app.get(
    '/traces',
    {
      schema: {
        tags: ['tracing'],
        summary: "Trace requests of the agencies you may see (a requester: their own agency's)",
        querystring: z.object({
          status: z.enum(TRACE_STATUSES).optional(),
          priority: z.enum(TRACE_PRIORITIES).optional(),
          serial: z.string().max(60).optional(),
          overdue: z.enum(['true', 'false']).optional(),
          limit: z.coerce.number().int().min(1).max(1000).optional(),
        }),
      },
    },
    async (req) => {
      const p = guard(req, 'trace:read');
      const traces = await ctx.db.transaction().execute((tx) => listTraces(tx, p, { ...req.query, overdue: req.query.overdue === 'true' }));
      return { traces };
    },
  );

  app.post(
    '/traces',
    {
      schema: {
        tags: ['tracing'],
        summary: 'Submit a trace request (every field of ATF F 3312.1; the same fields as the trace_requests import)',
        description: 'Answered at once from what is held where possible; matched against the suspect-gun register on entry. Re-sending the same request_id returns the request already held (200).',
        body: traceRequestsFormat.schema,
      },
    },
    async (req, reply) => {
      const p = guard(req, 'trace:submit');
      const r = await ctx.db.transaction().execute((tx) => submitByPrincipal(tx, p, req.body));
      if (r.matches.length) webhooks.kick();
      reply.status(r.alreadyHeld ? 200 : 201);
      // The requester learns the trace's state; matches against the register go to the case's people, not here.
      return { id: r.id, traceNumber: r.traceNumber, status: r.status, alreadyHeld: r.alreadyHeld, duplicateOf: r.duplicateOf, answeredBySource: r.answeredBySource };
    },
  );

  app.post(
    '/traces/check',
    {
      schema: {
        tags: ['tracing'],
        summary: 'Checks at entry: known maker and importer, caliber, serial format, importer for foreign guns, duplicate warning',
        body: z.object({
          serial: z.string().max(60).optional(),
          serialObliterated: z.boolean().optional(),
          manufacturer: z.string().max(120).optional(),
          importer: z.string().max(120).optional(),
          caliber: z.string().max(40).optional(),
          countryOfOrigin: z.string().max(2).optional(),
          recoveryDate: IsoDate.optional(),
        }),
      },
    },
    async (req) => {
      const p = guard(req, 'trace:submit');
      return { checks: await ctx.db.transaction().execute((tx) => checkEntry(tx, p, req.body)) };
    },
  );

  app.get('/traces/:id', { schema: { tags: ['tracing'], summary: 'One trace with its chain as a timeline (reading people is audited)', params: Id } }, async (req) => {
    const p = guard(req, 'trace:read');
    return ctx.db.transaction().execute((tx) => getTrace(tx, p, req.params.id));
  });

  app.post('/traces/:id/start', { schema: { tags: ['tracing'], summary: 'Take the trace (in progress)', params: Id } }, async (req) => {
    const p = guard(req, 'trace:work');
    return ctx.db.transaction().execute((tx) => startTrace(tx, p, req.params.id));
  });

  app.post(
    '/traces/:id/hops',
    {
      schema: {
        tags: ['tracing'],
        summary: 'Enter the next hop of the chain: maker or importer, wholesaler, retail dealer, first buyer',
        params: Id,
        body: z.object({
          role: z.enum(HOP_ROLES_ENTERED),
          licenceNumber: z.string().max(40).optional(),
          name: z.string().max(200).optional(),
          receivedOn: IsoDate.optional(),
          disposedOn: IsoDate.optional(),
          state: z.string().max(3).optional(),
          country: z.string().max(2).optional(),
          buyer: z.strictObject(personShape('the buyer')).optional(),
        }),
      },
    },
    async (req, reply) => {
      const p = guard(req, 'trace:work');
      const r = await ctx.db.transaction().execute((tx) => addHop(tx, p, req.params.id, req.body));
      reply.status(201);
      return r;
    },
  );

  app.post(
    '/traces/:id/dealer-queries',
    { schema: { tags: ['tracing'], summary: "Ask a licensee for its records (its 24-hour clock starts)", params: Id, body: z.object({ licence: z.string().min(3).max(40) }) } },
    async (req, reply) => {
      const p = guard(req, 'trace:work');
      const r = await ctx.db.transaction().execute((tx) => askDealer(tx, p, req.params.id, req.body.licence));
      reply.status(201);
      return r;
    },
  );

  app.post(
    '/dealer-queries/:id/answer',
    { schema: { tags: ['tracing'], summary: "Record a licensee's answer", params: Id, body: z.object({ note: z.string().min(1).max(2000) }) } },
    async (req) => {
      const p = guard(req, 'trace:work');
      return ctx.db.transaction().execute((tx) => recordDealerAnswer(tx, p, req.params.id, req.body.note));
    },
  );

  app.post('/traces/:id/complete', { schema: { tags: ['tracing'], summary: 'Complete the trace from its chain (needs the retail dealer hop)', params: Id } }, async (req) => {
    const p = guard(req, 'trace:work');
    return ctx.db.transaction().execute((tx) => completeByTracer(tx, p, req.params.id));
  });

  app.post(
    '/traces/:id/late-results/:lateId/review',
    {
      schema: {
        tags: ['tracing'],
        summary: 'Record that a tracer has reviewed a further result that disagrees with the trace (closes its review alert)',
        params: z.object({ id: z.coerce.number().int().positive(), lateId: z.coerce.number().int().positive() }),
        body: z.object({ note: z.string().trim().min(3).max(2000) }),
      },
    },
    async (req) => {
      const p = guard(req, 'trace:work');
      return ctx.db.transaction().execute((tx) => reviewLateResult(tx, p, req.params.id, req.params.lateId, req.body.note));
    },
  );

  app.post(
    '/traces/:id/stop',
    {
      schema: {
        tags: ['tracing'],
        summary: 'Stop the trace with exactly one of the eleven reasons',
        params: Id,
        body: z.object({ reason: z.enum(NOT_COMPLETED_REASONS), note: z.string().max(2000).optional() }),
      },
    },
    async (req) => {
      const p = guard(req, 'trace:read');
      return ctx.db.transaction().execute((tx) => stopByPrincipal(tx, p, req.params.id, req.body.reason, req.body.note ?? null));
    },
  );

  app.post('/traces/check-clocks', { schema: { tags: ['tracing'], summary: 'Run the clock check now (escalations for overdue traces and dealers)' } }, async (req) => {
    const p = guard(req, 'trace:work');
    if (p.visibleAgencyIds !== null) throw badRequest('The clock check is run by the tracing center');
    const r = await ctx.db.transaction().execute((tx) => checkClocks(tx, actorOf(p)));
    if (r.alertsRaised) webhooks.kick();
    return r;
  });

  app.post(
    '/recoveries',
    {
      schema: {
        tags: ['tracing'],
        summary: 'Report a recovered gun not (yet) traced; matched against the suspect-gun register on entry',
        body: recoveriesFormat.schema,
      },
    },
    async (req, reply) => {
      const p = guard(req, 'trace:submit');
      if (req.body.agency_ori !== p.agencyOri) throw badRequest(`agency_ori ${req.body.agency_ori} is not your agency (${p.agencyOri})`);
      const r = await ctx.db.transaction().execute((tx) =>
        recordRecovery(tx, actorOf(p), req.body, p.agencyId, { sourceKind: 'recovery', sourceRef: `request:${p.requestId ?? ''}`, importBatchId: null }),
      );
      if (r.matches.length) webhooks.kick();
      reply.status(r.duplicate ? 200 : 201);
      return { id: r.id, duplicate: r.duplicate };
    },
  );
};
