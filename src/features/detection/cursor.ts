import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../db/types.js';

/**
 * Reads a query in pages through a server-side cursor (DECLARE ... FETCH), so that a million rows stream through
 * a few thousand at a time instead of being held at once. Must be used inside a transaction (cursors live in one).
 * Works the same on PGlite and on PostgreSQL.
 *
 * The next page is requested as soon as a page arrives, so the database produces it while the caller works through
 * the current one (on two cores, scoring in Node and the database's work then overlap instead of taking turns).
 */
export class CursorReader<Row> {
  private buf: Row[] = [];
  private i = 0;
  private done = false;
  private opened = false;
  private pending: Promise<Row[]> | null = null;

  constructor(
    private readonly tx: Tx,
    private readonly name: string,
    private readonly query: RawBuilder<unknown>,
    private readonly pageSize = 5000,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad cursor name ${name}`);
  }

  private fetch(): Promise<Row[]> {
    return sql<Row>`FETCH FORWARD ${sql.lit(this.pageSize)} FROM ${sql.id(this.name)}`.execute(this.tx).then((r) => r.rows);
  }

  private async fill(): Promise<void> {
    if (!this.opened) {
      await sql`DECLARE ${sql.id(this.name)} NO SCROLL CURSOR FOR ${this.query}`.execute(this.tx);
      this.opened = true;
    }
    const rows = await (this.pending ?? this.fetch());
    this.pending = null;
    this.buf = rows;
    this.i = 0;
    if (rows.length < this.pageSize) this.done = true;
    else {
      this.pending = this.fetch();
      // A failure surfaces when the page is awaited; until then it must not count as unhandled.
      this.pending.catch(() => undefined);
    }
  }

  /** The next row without consuming it, or null at the end. */
  async peek(): Promise<Row | null> {
    if (this.i >= this.buf.length) {
      if (this.done) return null;
      await this.fill();
      if (this.buf.length === 0) return null;
    }
    return this.buf[this.i];
  }

  async next(): Promise<Row | null> {
    const r = await this.peek();
    if (r !== null) this.i++;
    return r;
  }

  async close(): Promise<void> {
    if (this.pending) await this.pending.catch(() => undefined);
    this.pending = null;
    if (this.opened) await sql`CLOSE ${sql.id(this.name)}`.execute(this.tx);
    this.opened = false;
  }
}
