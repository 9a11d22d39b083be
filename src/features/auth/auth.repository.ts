import type { Tx } from '../../db/types.js';

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
  findUserById(tx: Tx, id: number) {
    return tx
      .selectFrom('users')
      .innerJoin('agencies', 'agencies.id', 'users.agency_id')
      .select([
        'users.id', 'users.username', 'users.display_name', 'users.password_hash', 'users.agency_id', 'users.roles',
        'users.active', 'users.supervisor_id', 'users.dealer_licence', 'agencies.ori', 'agencies.kind as agency_kind',
      ])
      .where('users.id', '=', id)
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
  insertSession(tx: Tx, tokenHash: string, userId: number, expiresAt: Date) {
    return tx.insertInto('sessions').values({ token_hash: tokenHash, user_id: userId, expires_at: expiresAt }).execute();
  },
  findSession(tx: Tx, tokenHash: string) {
    return tx
      .selectFrom('sessions')
      .select(['user_id', 'expires_at'])
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
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
  findApiToken(tx: Tx, tokenHash: string) {
    return tx
      .selectFrom('api_tokens')
      .select(['id', 'user_id', 'last_used_at'])
      .where('token_hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
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
