import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../db/connect.js';
import { createTestDatabase } from '../../testing/db.js';
import { recordAudit, verifyAuditChain, type Actor } from './audit.service.js';
import { auditHash, canonicalJson, GENESIS_HASH } from './audit.hash.js';

const actor: Actor = { userId: 7, label: 'ivy', agencyId: 1, requestId: 'req-1' };

describe('hash-chained audit log', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    for (let i = 0; i < 12; i++) {
      await database.db.transaction().execute((tx) =>
        recordAudit(tx, actor, { action: 'trace.read', targetType: 'trace', targetId: i, reason: 'CASE-1', details: { i, nested: { b: 2, a: 1 } } }),
      );
    }
  });
  afterAll(async () => database.close());

  it('verifies an untouched chain', async () => {
    await expect(verifyAuditChain(database.db)).resolves.toEqual({ ok: true, checked: 12 });
  });

  it('links each event to the one before, starting from the genesis hash', async () => {
    const rows = await database.db.selectFrom('audit_events').select(['prev_hash', 'hash']).orderBy('id').execute();
    expect(rows[0].prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
  });

  it('is not written when the transaction it belongs to rolls back', async () => {
    await expect(
      database.db.transaction().execute(async (tx) => {
        await recordAudit(tx, actor, { action: 'x.write', targetType: 'x' });
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    const n = await database.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(12);
  });

  it('refuses UPDATE and DELETE through the normal path', async () => {
    await expect(sql`UPDATE audit_events SET reason = 'x' WHERE id = 3`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_events WHERE id = 3`.execute(database.db)).rejects.toThrow(/append-only/);
  });

  it('names the first broken link when a row is altered by hand (trigger bypassed)', async () => {
    const ids = await database.db.selectFrom('audit_events').select('id').orderBy('id').execute();
    const target = ids[4].id;
    await database.db.transaction().execute(async (tx) => {
      await sql`ALTER TABLE audit_events DISABLE TRIGGER audit_immutable`.execute(tx);
      await sql`UPDATE audit_events SET reason = 'nothing to see' WHERE id = ${target}`.execute(tx);
      await sql`ALTER TABLE audit_events ENABLE TRIGGER audit_immutable`.execute(tx);
    });
    const r = await verifyAuditChain(database.db);
    expect(r.ok).toBe(false);
    expect(r.checked).toBe(4);
    expect(r.firstBroken).toEqual({ id: target, problem: expect.stringMatching(/altered/) });
  });
});

describe('audit hash', () => {
  it.each([
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ a: [3, { z: 1, y: null }] }, '{"a":[3,{"y":null,"z":1}]}'],
    [{ a: undefined, b: 'x' }, '{"b":"x"}'],
  ])('canonical JSON of %j', (v, s) => {
    expect(canonicalJson(v)).toBe(s);
  });
  it('changes when any field changes', () => {
    const base = { at: '2026-01-01T00:00:00.000Z', actor_id: 1, actor_label: 'a', agency_id: 1, action: 'x', target_type: 't', target_id: '1', reason: null, request_id: null, details: {} };
    const h = auditHash(GENESIS_HASH, base);
    expect(auditHash(GENESIS_HASH, { ...base, action: 'y' })).not.toBe(h);
    expect(auditHash('f'.repeat(64), base)).not.toBe(h);
    expect(auditHash(GENESIS_HASH, { ...base })).toBe(h);
  });
});
