import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';

/** A session or API token with its user, the user's agency and the agencies that granted it access, in one row. */
export interface CredentialUser {
  expires_at: Date | string | null;
  token_id: number | string | null;
  last_used_at: Date | string | null;
  id: number;
  username: string;
  display_name: string;
  password_hash: string | null;
  agency_id: number;
  roles: string[];
  active: boolean;
  supervisor_id: number | null;
  dealer_licence: string | null;
  ori: string;
  agency_kind: string;
  granted: number[];
}

export const authRepository = {
  findUserByName(tx: Tx, username: string) {
    return tx
      .selectFrom('users')
      .innerJoin('agencies', 'agencies.id', 'users.agency_id')
      .select([
        'users.id', 'users.username', 'users.display_name', 'users.password_hash', 'users.agency_id', 'users.roles',
        'users.active', 'users.supervisor_id', 'users.dealer_licence', 'agencies.ori', 'agencies.kind as agency_kind',
      ])
      .where('users.username', '=', username)
      .executeTakeFirst();
  },
  grantedAgencyIds(tx: Tx, agencyId: number) {
    return tx
      .selectFrom('agency_grants')
      .select('grantor_agency_id')
      .where('grantee_agency_id', '=', agencyId)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', new Date())]))
      .execute();
  },
  /**
   * Every API call authenticates, so this is one statement instead of three (credential, user, grants): a round trip
   * to a server costs more than the join.
   */
  async findUserByCredential(tx: Tx, kind: 'session' | 'token', tokenHash: string): Promise<CredentialUser | undefined> {
    const credential =
      kind === 'session'
        ? sql`SELECT user_id, expires_at, NULL::bigint AS token_id, NULL::timestamptz AS last_used_at FROM sessions WHERE token_hash = ${tokenHash}`
        : sql`SELECT user_id, NULL::timestamptz AS expires_at, id AS token_id, last_used_at FROM api_tokens WHERE token_hash = ${tokenHash} AND revoked_at IS NULL`;
    const r = await sql<CredentialUser>`
      SELECT c.expires_at, c.token_id, c.last_used_at,
             u.id, u.username, u.display_name, u.password_hash, u.agency_id, u.roles, u.active, u.supervisor_id,
             u.dealer_licence, a.ori, a.kind AS agency_kind,
             ARRAY(SELECT g.grantor_agency_id::int FROM agency_grants g
                    WHERE g.grantee_agency_id = u.agency_id AND g.revoked_at IS NULL
                      AND (g.expires_at IS NULL OR g.expires_at > now())) AS granted
        FROM (${credential}) c
        JOIN users u ON u.id = c.user_id
        JOIN agencies a ON a.id = u.agency_id`.execute(tx);
    return r.rows[0];
  },
  insertSession(tx: Tx, tokenHash: string, userId: number, expiresAt: Date) {
    return tx.insertInto('sessions').values({ token_hash: tokenHash, user_id: userId, expires_at: expiresAt }).execute();
  },
  deleteSession(tx: Tx, tokenHash: string) {
    return tx.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  },
  insertApiToken(tx: Tx, userId: number, name: string, tokenHash: string) {
    return tx
      .insertInto('api_tokens')
      .values({ user_id: userId, name, token_hash: tokenHash })
      .returning('id')
      .executeTakeFirstOrThrow();
  },
  touchApiToken(tx: Tx, id: number) {
    return tx.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', id).execute();
  },
  findAgencyByOri(tx: Tx, ori: string) {
    return tx.selectFrom('agencies').selectAll().where('ori', '=', ori).executeTakeFirst();
  },
  insertAgency(tx: Tx, a: { ori: string; name: string; kind?: string; state?: string | null; country?: string }) {
    return tx
      .insertInto('agencies')
      .values({ ori: a.ori, name: a.name, kind: a.kind ?? 'police', state: a.state ?? null, country: a.country ?? 'US' })
      .returning('id')
      .executeTakeFirstOrThrow();
  },
  insertUser(
    tx: Tx,
    u: { username: string; displayName: string; passwordHash: string | null; agencyId: number; roles: string[];
      supervisorId?: number | null; dealerLicence?: string | null },
  ) {
    return tx
      .insertInto('users')
      .values({
        username: u.username,
        display_name: u.displayName,
        password_hash: u.passwordHash,
        agency_id: u.agencyId,
        roles: u.roles,
        supervisor_id: u.supervisorId ?? null,
        dealer_licence: u.dealerLicence ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  },
  listUsers(tx: Tx) {
    return tx
      .selectFrom('users')
      .innerJoin('agencies', 'agencies.id', 'users.agency_id')
      .select(['users.id', 'users.username', 'users.display_name', 'users.roles', 'users.active', 'agencies.ori',
        'users.supervisor_id'])
      .orderBy('users.username')
      .execute();
  },
  countUsers(tx: Tx) {
    return tx.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  },
};
