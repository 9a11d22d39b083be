import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../server/context.js';
import { guard } from '../../server/auth-plugin.js';
import { recordAudit, verifyAuditChain } from './audit.service.js';
import { actorOf } from '../auth/principal.js';

export const auditRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.get(
    '/audit/events',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit events, newest first (auditor, admin)',
        querystring: z.object({
          actor: z.string().optional(),
          action: z.string().optional(),
          targetType: z.string().optional(),
          targetId: z.string().optional(),
          before: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
    },
    async (req) => {
      const p = guard(req, 'audit:read');
      const q = req.query;
      let query = ctx.db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(q.limit);
      if (q.actor) query = query.where('actor_label', '=', q.actor);
      if (q.action) query = query.where('action', 'like', `${q.action.replace(/[%_]/g, '')}%`);
      if (q.targetType) query = query.where('target_type', '=', q.targetType);
      if (q.targetId) query = query.where('target_id', '=', q.targetId);
      if (q.before) query = query.where('id', '<', q.before);
      return ctx.db.transaction().execute(async (tx) => {
        const events = await query.execute();
        // Reading the log is itself an audited act.
        await recordAudit(tx, actorOf(p), { action: 'audit.read', targetType: 'audit_events', details: { ...q } });
        return { events };
      });
    },
  );

  app.get('/audit/verify', { schema: { tags: ['audit'], summary: 'Verify the hash chain' } }, async (req) => {
    guard(req, 'audit:read');
    return verifyAuditChain(ctx.db);
  });
};
