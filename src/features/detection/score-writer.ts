/**
 * Person scores stored while scoring goes on. Rows gather into chunks; each full chunk is queued and sent as soon as
 * the one before it is stored, and adding a row never waits, so the database stores one chunk while Node scores the
 * next people (at the benchmark's volume storing was 17 s of a run spent after scoring, with Node idle).
 */
import type { Tx } from '../../db/types.js';
import { insertPersonScores, type PersonScoreRow } from './detection.repository.js';

export class ScoreWriter {
  private current: PersonScoreRow[] = [];
  private readonly queue: PersonScoreRow[][] = [];
  private pump: Promise<void> | null = null;
  private failure: { error: unknown } | null = null;
  /** Rows handed to add(), stored or on their way. */
  count = 0;

  constructor(
    private readonly tx: Tx,
    private readonly runId: number,
    private readonly chunk = 5000,
  ) {}

  add(row: PersonScoreRow): void {
    if (this.failure) throw this.failure.error;
    this.current.push(row);
    this.count++;
    if (this.current.length >= this.chunk) {
      this.queue.push(this.current);
      this.current = [];
      this.kick();
    }
  }

  /** Stores what is left and waits until every row is stored; throws the first failure. */
  async finish(): Promise<void> {
    if (this.current.length) this.queue.push(this.current);
    this.current = [];
    this.kick();
    while (this.pump) await this.pump;
    if (this.failure) throw this.failure.error;
  }

  /** Starts sending the queued chunks, one at a time, unless that is already going on. */
  private kick(): void {
    if (this.pump) return;
    this.pump = (async () => {
      try {
        for (let rows = this.queue.shift(); rows; rows = this.queue.shift()) await insertPersonScores(this.tx, this.runId, rows);
      } catch (error) {
        this.failure = { error };
      }
    })().finally(() => {
      this.pump = null;
    });
  }
}
