import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../server/context.js';
import { guard } from '../server/auth-plugin.js';
import { notFound } from '../server/errors.js';

export const jobsRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.get(
    '/jobs/:id',
    { schema: { tags: ['jobs'], summary: 'A background job: status, progress, result', params: z.object({ id: z.coerce.number().int() }) } },
    async (req) => {
      const p = guard(req, 'jobs:read');
      const job = await ctx.jobs.get(req.params.id);
      // Only the job's owner (or an admin) sees it; others get the same answer as for a missing job.
      if (!job || (job.created_by !== p.userId && !p.roles.includes('admin'))) throw notFound('Job');
      return { job };
    },
  );
};
