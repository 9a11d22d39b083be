import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export interface JobContext {
  jobId: number;
  payload: Record<string, unknown>;
  createdBy: number | null;
  /** Throttled: writes at most every 500 ms so progress reporting never slows the work. */
  progress(p: Record<string, unknown>): Promise<void>;
}
export type JobHandler = (ctx: JobContext) => Promise<Record<string, unknown>>;

/**
 * Background work kept in the jobs table and claimed with FOR UPDATE SKIP LOCKED: the same code runs in-process
 * on the embedded database and across any number of worker processes on a PostgreSQL server.
 */
export class JobRunner {
  private handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | null = null;
  private running = 0;
  private stopped = false;
  private idle: Promise<void> = Promise.resolve();

  constructor(private readonly db: Kysely<DB>, private readonly opts: { concurrency?: number; pollMs?: number } = {}) {}

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  async enqueue(kind: string, payload: Record<string, unknown>, createdBy: number | null): Promise<number> {
    if (!this.handlers.has(kind)) throw new Error(`No job handler for ${kind}`);
    const row = await this.db
      .insertInto('jobs')
      .values({ kind, payload: JSON.stringify(payload), created_by: createdBy })
      .returning('id')
      .executeTakeFirstOrThrow();
    this.kick();
    return row.id;
  }

  get(id: number) {
    return this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  start(): void {
    this.stopped = false;
    const poll = this.opts.pollMs ?? 1000;
    this.timer = setInterval(() => this.kick(), poll);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.idle;
  }

  /** Waits until no job is queued or running (tests, CLI). */
  async drain(): Promise<void> {
    for (;;) {
      const open = await this.db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', 'in', ['queued', 'running'])
        .executeTakeFirstOrThrow();
      if (Number(open.n) === 0 && this.running === 0) return;
      this.kick();
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private kick(): void {
    if (this.stopped || this.running >= (this.opts.concurrency ?? 1)) return;
    this.running++;
    const p = this.claimAndRun()
      .catch((err: unknown) => process.emitWarning(`job runner: ${(err as Error).message}`))
      .finally(() => {
        this.running--;
      });
    this.idle = Promise.all([this.idle, p]).then(() => undefined);
  }

  private async claimAndRun(): Promise<void> {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return;
    const job = await this.db.transaction().execute(async (tx) => {
      const j = await tx
        .selectFrom('jobs')
        .select(['id', 'kind', 'payload', 'created_by'])
        .where('status', '=', 'queued')
        .where('kind', 'in', kinds)
        .orderBy('id')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!j) return null;
      await tx.updateTable('jobs').set({ status: 'running', started_at: new Date() }).where('id', '=', j.id).execute();
      return j;
    });
    if (!job) return;
    const handler = this.handlers.get(job.kind)!;
    let last = 0;
    const ctx: JobContext = {
      jobId: job.id,
      payload: (job.payload ?? {}) as Record<string, unknown>,
      createdBy: job.created_by,
      progress: async (p) => {
        const now = Date.now();
        if (now - last < 500) return;
        last = now;
        await this.db.updateTable('jobs').set({ progress: JSON.stringify(p) }).where('id', '=', job.id).execute();
      },
    };
    try {
      const result = await handler(ctx);
      await this.db
        .updateTable('jobs')
        .set({ status: 'completed', result: JSON.stringify(result), finished_at: new Date() })
        .where('id', '=', job.id)
        .execute();
    } catch (err) {
      await this.db
        .updateTable('jobs')
        .set({ status: 'failed', error: (err as Error).message, finished_at: new Date() })
        .where('id', '=', job.id)
        .execute();
    }
    // Look for the next queued job straight away rather than waiting for the poll.
    if (!this.stopped) setImmediate(() => this.kick());
  }
}

