import type { Tx } from '../../db/types.js';
import type { Actor } from '../audit/audit.service.js';
import type { BulkInserter } from './bulk.js';

/**
 * The contract between the importer (which reads, validates, batches and commits files) and the features that
 * own each kind of record. A writer turns validated rows into database rows inside the importer's transaction:
 * it must be idempotent (a row already held, by its natural key, is skipped and counted as a duplicate) and must
 * keep provenance (source_kind, source_ref = `${fileName}:${line}`, import_batch_id).
 */
export interface WriteContext {
  batchId: number | null;
  fileName: string;
  actor: Actor;
  /** The agency on whose behalf the rows come in (null: the tracing center / national). */
  agencyId: number | null;
  /**
   * Many rows per statement on the same transaction (COPY on PostgreSQL, unnest on PGlite). Set by the file
   * importer; absent when a writer is called with only a Kysely handle (single records from the API), so a writer
   * that uses it must fall back to ordinary inserts.
   */
  bulk?: BulkInserter;
}

export interface RowWithLine<Row> {
  row: Row;
  line: number;
  /** The record as read (CSV cells as strings, NDJSON or HTTP values), for the columns that keep text as written. */
  raw?: Record<string, unknown>;
}

export interface WriteResult {
  inserted: number;
  duplicates: number;
  /** Rows the writer itself refused for a reason only it can see (e.g. unknown dealer licence), with the reason. */
  rejected: Array<{ line: number; field: string; reason: string }>;
}

export interface KindWriter<Row> {
  kind: string;
  write(tx: Tx, rows: Array<RowWithLine<Row>>, ctx: WriteContext): Promise<WriteResult>;
}
