import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from './context.js';
import type { Principal } from '../features/auth/principal.js';
import { requirePermission } from '../features/auth/principal.js';
import type { Permission } from '../features/auth/policies.js';
import { unauthorized } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export const SESSION_COOKIE = 'interdict_session';

function tokenOf(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (h && /^Bearer\s+/i.test(h)) return h.replace(/^Bearer\s+/i, '').trim();
  const c = req.cookies?.[SESSION_COOKIE];
  return c ?? null;
}

/** Attaches the principal (or null) to every request; routes then ask for what they need with `guard`. */
export const authPlugin = fp(async (app, ctx: AppContext) => {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req: FastifyRequest, _reply: FastifyReply) => {
    const token = tokenOf(req);
    req.principal = token ? await ctx.auth.authenticate(token, String(req.id)) : null;
  });
});

/** The signed-in principal, or 401. With a permission: 403 when the roles do not grant it. */
export function guard(req: FastifyRequest, permission?: Permission): Principal {
  const p = req.principal;
  if (!p) throw unauthorized();
  if (permission) requirePermission(p, permission);
  return p;
}
