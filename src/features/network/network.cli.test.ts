import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connect.js';
import { createTestDatabase } from '../../testing/db.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { networkCommands, networkOutputs } from './network.cli.js';
import { createNetworkService, type Caller, type NetworkService } from './network.service.js';
import { NATIONAL } from './scope.js';
import { flagInDetection, insertTwoRings } from './testing/two-rings.js';

let database: Database;
let svc: NetworkService;
let w: Awaited<ReturnType<typeof insertTwoRings>>;
const c: Caller = { actor: { ...SYSTEM_ACTOR, label: 'cli:test' }, scope: NATIONAL, reason: 'CLI-TEST' };

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.transaction().execute(async (tx) => {
    w = await insertTwoRings(tx);
    await flagInDetection(tx, [
      { record: w.s[2], score: 81, flagged: true },
      { record: w.teo, score: 90, flagged: true },
    ]);
  });
  svc = createNetworkService(database.db);
});
afterAll(async () => database?.close());

describe('interdict network', () => {
  it('declares its subcommands', () => {
    const [net] = networkCommands();
    expect(net.name()).toBe('network');
    expect(net.commands.map((x) => x.name())).toEqual(['summary', 'export', 'communities', 'brokers', 'path', 'connectors']);
  });

  it('summarises the graph in words', async () => {
    const text = await networkOutputs.summary(svc, c, false);
    expect(text).toMatch(/^People: 14 \(from 14 records, joined by exact identity keys\); 14 linked to someone/);
    expect(text).toMatch(/values held by one person only/);
  });

  it('exports a seed as GraphML and as JSON', async () => {
    const xml = await networkOutputs.export(svc, c, w.raul, { hops: 1, maxNodes: 100, format: 'graphml' });
    expect(xml.startsWith('<?xml')).toBe(true);
    expect(xml).toContain(`<node id="person:${w.teo}">`);
    expect(xml).toMatch(/<data key="e_evidence">associations#\d+@2010-03-03 \(fixture:assoc:\d+\)<\/data>/);
    const js = JSON.parse(await networkOutputs.export(svc, c, w.raul, { hops: 1, maxNodes: 100, format: 'json' }));
    expect(js.seed).toBe(`person:${w.raul}`);
    const audit = await database.db.selectFrom('audit_events').select(['actor_label', 'reason']).where('action', '=', 'network.neighbourhood').execute();
    expect(audit).toEqual(expect.arrayContaining([{ actor_label: 'cli:test', reason: 'CLI-TEST' }]));
  });

  it('lists communities, brokers, a path and connectors', async () => {
    const comm = await networkOutputs.communities(svc, c, { minSize: 3, limit: 5, asJson: false });
    expect(comm).toMatch(/^2 communities of 3 or more people/);
    expect(comm).toMatch(/bound by: address 400 Border Rd, San Ysidro CA 92173 \(5\); phone \+16195550300 \(5\)/);
    const br = await networkOutputs.brokers(svc, c, { limit: 3, samples: 256, asJson: false });
    expect(br.split('\n')[1]).toMatch(/^1\. Raul Ibarra/);
    const path = await networkOutputs.path(svc, c, w.s[2], w.teo, false);
    expect(path).toMatch(/Raul Ibarra \(person:\d+\) associate of Teo Lugo \(person:\d+\): association associations#\d+ on 2010-03-03/);
    const con = await networkOutputs.connectors(svc, c, { limit: 3, asJson: false });
    expect(con).toMatch(/^2 people \(detection's flagged\); 1 pairs linked/);
  });
});
