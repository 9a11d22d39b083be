import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../server/context.js';
import { guard, SESSION_COOKIE } from '../../server/auth-plugin.js';
import { permissionsOf } from './policies.js';
import { ROLES } from './roles.js';
import { actorOf, type Principal } from './principal.js';

function me(p: Principal) {
  return {
    id: p.userId,
    username: p.username,
    displayName: p.displayName,
    agency: p.agencyOri,
    roles: p.roles,
    // The UI shows what the server will allow; it does not re-implement the rules.
    permissions: permissionsOf(p.roles),
    scope: p.visibleAgencyIds === null ? 'national' : 'agency',
  };
}

export const authRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a password; sets the session cookie and returns the session token',
        body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
      },
      config: { rateLimit: true },
    },
    async (req, reply) => {
      const r = await ctx.auth.login(req.body.username, req.body.password, String(req.id));
      reply.setCookie(SESSION_COOKIE, r.token, {
        path: '/', httpOnly: true, sameSite: 'strict', secure: false, expires: r.expiresAt,
      });
      return { token: r.token, expiresAt: r.expiresAt.toISOString(), user: me(r.principal) };
    },
  );

  app.post('/auth/logout', { schema: { tags: ['auth'], summary: 'End the session' } }, async (req, reply) => {
    const c = req.cookies[SESSION_COOKIE];
    if (c) await ctx.auth.logout(c);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/auth/me', { schema: { tags: ['auth'], summary: 'The signed-in user, roles and permissions' } }, async (req) =>
    me(guard(req)),
  );

  app.get('/users', { schema: { tags: ['auth'], summary: 'List users (admin)' } }, async (req) => {
    guard(req, 'user:manage');
    return { users: await ctx.auth.listUsers() };
  });

  app.post(
    '/users',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create a user (admin)',
        body: z.object({
          username: z.string().min(2).max(64),
          displayName: z.string().max(200).optional(),
          password: z.string().min(8).max(256),
          agencyOri: z.string().min(3).max(20),
          roles: z.array(z.enum(ROLES)).min(1),
          supervisor: z.string().optional(),
          dealerLicence: z.string().optional(),
        }),
      },
    },
    async (req, reply) => {
      const p = guard(req, 'user:manage');
      const b = req.body;
      const id = await ctx.auth.createUser(actorOf(p), {
        username: b.username, displayName: b.displayName, password: b.password, agencyOri: b.agencyOri, roles: b.roles,
        supervisorUsername: b.supervisor, dealerLicence: b.dealerLicence,
      });
      reply.status(201);
      return { id };
    },
  );

  app.post(
    '/tokens',
    {
      schema: { tags: ['auth'], summary: 'Create an API token for yourself', body: z.object({ name: z.string().min(1).max(100) }) },
    },
    async (req, reply) => {
      const p = guard(req);
      const t = await ctx.auth.createApiToken(actorOf(p), p.username, req.body.name);
      reply.status(201);
      return t;
    },
  );
};
