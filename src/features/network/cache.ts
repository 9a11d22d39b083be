/**
 * Built graphs, kept per scope while the data under them is unchanged. Building a national graph reads every
 * person and link, so each request must not rebuild it; a cheap fingerprint (the last id and count of every table
 * the model reads, the last trace completion and detection run) tells when a rebuild is due. Requests that arrive
 * while a graph is being built wait for that same build.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';
import { buildNetwork, type BuildOptions } from './builder.js';
import type { NetworkGraph } from './graph.js';
import { EDGE_SOURCES } from './model.js';
import { scopeKey, type NetworkScope } from './scope.js';

const TABLES = [...new Set(['person_records', ...EDGE_SOURCES.map((s) => s.table)])];

export async function dataFingerprint(tx: Tx): Promise<string> {
  const parts = TABLES.map((t) => sql`(SELECT coalesce(max(id), 0)::text || '/' || count(*)::text FROM ${sql.table(t)})`);
  const { rows } = await sql<{ f: string }>`
    SELECT concat_ws(';', ${sql.join(parts)},
      (SELECT coalesce(max(completed_at)::text, '-') FROM trace_requests),
      (SELECT coalesce(max(id)::text, '-') || '@' || coalesce(max(finished_at)::text, '-') FROM detection_runs)) AS f`.execute(tx);
  return rows[0].f;
}

interface Entry {
  fingerprint: string;
  graph: Promise<NetworkGraph>;
}

export class NetworkCache {
  private entries = new Map<string, Entry>();

  constructor(
    private readonly db: Tx,
    private readonly maxScopes = 4,
    private readonly buildOptions: BuildOptions = {},
  ) {}

  async get(scope: NetworkScope): Promise<NetworkGraph> {
    const fingerprint = await dataFingerprint(this.db);
    const key = scopeKey(scope);
    const hit = this.entries.get(key);
    if (hit && hit.fingerprint === fingerprint) {
      // Re-insert: the Map's order is the eviction order, least recently used first.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.graph;
    }
    // The entry is created before its build starts, so that a failing build can tell whether it is still current.
    const entry = { fingerprint } as Entry;
    entry.graph = this.build(key, scope, entry);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxScopes) this.entries.delete(this.entries.keys().next().value!);
    return entry.graph;
  }

  private async build(key: string, scope: NetworkScope, entry: Entry): Promise<NetworkGraph> {
    try {
      return await buildNetwork(this.db, scope, this.buildOptions);
    } catch (err) {
      // A failed build must not be served to the next request: forget it (unless a newer build replaced it).
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw err;
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
