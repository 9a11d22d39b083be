/**
 * The graph keeps only (source, id, date) per record to stay small; before edges leave the server each record is
 * completed with where it came from (source kind and reference: file:line, request id), read from the record's
 * own table, one query per table.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';
import { EDGE_SOURCES } from './model.js';
import type { OutEdge } from './subgraph.js';

const TABLES = [...new Set(EDGE_SOURCES.map((s) => s.table))];

export async function attachSourceRefs(tx: Tx, edges: readonly OutEdge[]): Promise<void> {
  const wanted = new Map<string, Set<number>>();
  for (const e of edges) {
    for (const ev of e.evidence) {
      let ids = wanted.get(ev.table);
      if (!ids) wanted.set(ev.table, (ids = new Set()));
      ids.add(ev.id);
    }
  }
  const found = new Map<string, { kind: string; ref: string }>();
  for (const [table, ids] of wanted) {
    // Table names come from the declaration only; refuse anything else outright.
    if (!(TABLES as string[]).includes(table)) throw new Error(`evidence table not in the network model: ${table}`);
    const { rows } = await sql<{ id: number; source_kind: string; source_ref: string }>`
      SELECT id, source_kind, source_ref FROM ${sql.table(table)} WHERE id = ANY(${[...ids]}::bigint[])`.execute(tx);
    for (const r of rows) found.set(`${table}:${r.id}`, { kind: r.source_kind, ref: r.source_ref });
  }
  for (const e of edges) {
    for (const ev of e.evidence) {
      const f = found.get(`${ev.table}:${ev.id}`);
      if (f) {
        ev.sourceKind = f.kind;
        ev.sourceRef = f.ref;
      }
    }
  }
}
