import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Tx } from '../../db/types.js';
import { recordAudit, SYSTEM_ACTOR, type Actor } from '../audit/audit.service.js';
import { badRequest, conflict, unauthorized } from '../../server/errors.js';
import { authRepository as repo } from './auth.repository.js';
import { hashPassword, hashToken, newToken, randomPassword, verifyPassword } from './passwords.js';
import { isRole } from './policies.js';
import type { Principal } from './principal.js';

/** How stale an API token's last_used_at may get before a request refreshes it. */
export const TOKEN_TOUCH_INTERVAL_MS = 60_000;

// Agencies whose users see every agency's records: the tracing center and oversight.
const NATIONAL_KINDS = new Set(['atf', 'oversight']);

type UserRow = NonNullable<Awaited<ReturnType<typeof repo.findUserByName>>>;

async function toPrincipal(tx: Tx, u: UserRow, requestId?: string): Promise<Principal> {
  const grants = NATIONAL_KINDS.has(u.agency_kind) ? [] : await repo.grantedAgencyIds(tx, u.agency_id);
  return principalOf(u, grants.map((g) => g.grantor_agency_id), requestId);
}

function principalOf(u: Omit<UserRow, 'password_hash'>, granted: readonly number[], requestId?: string): Principal {
  const visible = NATIONAL_KINDS.has(u.agency_kind) ? null : [u.agency_id, ...granted];
  return {
    userId: u.id,
    username: u.username,
    displayName: u.display_name,
    agencyId: u.agency_id,
    agencyOri: u.ori,
    roles: u.roles,
    visibleAgencyIds: visible,
    supervisorId: u.supervisor_id,
    dealerLicence: u.dealer_licence,
    requestId,
  };
}

export interface NewUser {
  username: string;
  displayName?: string;
  password?: string | null;
  agencyOri: string;
  roles: string[];
  supervisorUsername?: string | null;
  dealerLicence?: string | null;
}

export function createAuthService(db: Kysely<DB>, opts: { sessionTtlHours: number }) {
  return {
    async login(username: string, password: string, requestId?: string) {
      const result = await db.transaction().execute(async (tx) => {
        const u = await repo.findUserByName(tx, username);
        // The same message and the same work whether the user exists or not: no account enumeration.
        const ok = u?.password_hash && u.active ? await verifyPassword(password, u.password_hash) : false;
        if (!u || !ok) {
          // Committed, not rolled back with a thrown error: failed sign-ins are evidence too.
          await recordAudit(tx, { ...SYSTEM_ACTOR, label: username.slice(0, 64), requestId }, {
            action: 'auth.login_failed', targetType: 'user', targetId: null,
          });
          return null;
        }
        const { token, hash } = newToken('ids');
        const expires = new Date(Date.now() + opts.sessionTtlHours * 3600_000);
        await repo.insertSession(tx, hash, u.id, expires);
        const principal = await toPrincipal(tx, u, requestId);
        await recordAudit(tx, { userId: u.id, label: u.username, agencyId: u.agency_id, requestId }, {
          action: 'auth.login', targetType: 'user', targetId: u.id,
        });
        return { token, expiresAt: expires, principal };
      });
      if (!result) throw unauthorized('Wrong username or password');
      return result;
    },

    async logout(token: string) {
      await repo.deleteSession(db, hashToken(token));
    },

    /** Resolves a session cookie or a Bearer token to a principal, or null. */
    async authenticate(token: string, requestId?: string): Promise<Principal | null> {
      const kind = token.startsWith('ids_') ? 'session' : token.startsWith('idt_') ? 'token' : null;
      if (kind === null) return null;
      const c = await repo.findUserByCredential(db, kind, hashToken(token));
      if (!c) return null;
      if (kind === 'session' && !(c.expires_at !== null && new Date(c.expires_at) > new Date())) return null;
      if (kind === 'token' && c.token_id !== null) {
        // "Last used" to the minute is enough for oversight; writing it on every request cost a round trip each.
        const last = c.last_used_at ? new Date(c.last_used_at).getTime() : 0;
        if (Date.now() - last >= TOKEN_TOUCH_INTERVAL_MS) await repo.touchApiToken(db, Number(c.token_id));
      }
      if (!c.active) return null;
      return principalOf(c, c.granted.map(Number), requestId);
    },

    async principalFor(username: string): Promise<Principal | null> {
      const u = await repo.findUserByName(db, username);
      return u ? toPrincipal(db, u) : null;
    },

    async createApiToken(actor: Actor, username: string, name: string) {
      return db.transaction().execute(async (tx) => {
        const u = await repo.findUserByName(tx, username);
        if (!u) throw badRequest(`No user named ${username}`);
        const { token, hash } = newToken('idt');
        const row = await repo.insertApiToken(tx, u.id, name, hash);
        await recordAudit(tx, actor, { action: 'auth.token_created', targetType: 'user', targetId: u.id, details: { tokenId: row.id, name } });
        return { token, id: row.id };
      });
    },

    async ensureAgency(tx: Tx, ori: string, name?: string, kind?: string) {
      const a = await repo.findAgencyByOri(tx, ori);
      if (a) return a.id;
      return (await repo.insertAgency(tx, { ori, name: name ?? ori, kind })).id;
    },

    async createUser(actor: Actor, nu: NewUser) {
      const bad = nu.roles.filter((r) => !isRole(r));
      if (bad.length) throw badRequest(`Unknown role(s): ${bad.join(', ')}`);
      if (!/^[a-z0-9_.-]{2,64}$/i.test(nu.username)) throw badRequest('username: 2-64 letters, digits, _ . -');
      if (nu.password != null && nu.password.length < 8) throw badRequest('password: at least 8 characters');
      return db.transaction().execute(async (tx) => {
        if (await repo.findUserByName(tx, nu.username)) throw conflict(`User ${nu.username} already exists`);
        const agencyId = await this.ensureAgency(tx, nu.agencyOri);
        let supervisorId: number | null = null;
        if (nu.supervisorUsername) {
          const s = await repo.findUserByName(tx, nu.supervisorUsername);
          if (!s) throw badRequest(`No supervisor named ${nu.supervisorUsername}`);
          supervisorId = s.id;
        }
        const row = await repo.insertUser(tx, {
          username: nu.username,
          displayName: nu.displayName ?? nu.username,
          passwordHash: nu.password ? await hashPassword(nu.password) : null,
          agencyId,
          roles: nu.roles,
          supervisorId,
          dealerLicence: nu.dealerLicence ?? null,
        });
        await recordAudit(tx, actor, {
          action: 'user.created', targetType: 'user', targetId: row.id, details: { username: nu.username, roles: nu.roles },
        });
        return row.id;
      });
    },

    listUsers: () => repo.listUsers(db),

    /**
     * The first start creates the tracing center agency and the admin user. The password comes from
     * INTERDICT_ADMIN_PASSWORD or is generated and returned once, to be printed once.
     */
    async bootstrapAdmin(password?: string): Promise<{ created: boolean; generatedPassword?: string }> {
      const { n } = await repo.countUsers(db);
      if (Number(n) > 0) return { created: false };
      const pw = password ?? randomPassword();
      await db.transaction().execute(async (tx) => {
        const agencyId = await this.ensureAgency(tx, 'ATFNTC000', 'National Tracing Center', 'atf');
        const row = await repo.insertUser(tx, {
          username: 'admin', displayName: 'Administrator', passwordHash: await hashPassword(pw), agencyId, roles: ['admin'],
        });
        await recordAudit(tx, SYSTEM_ACTOR, { action: 'user.bootstrap_admin', targetType: 'user', targetId: row.id });
      });
      return { created: true, generatedPassword: password ? undefined : pw };
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
