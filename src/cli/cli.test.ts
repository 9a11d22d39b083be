import { describe, expect, it } from 'vitest';
import { freshCliEnv, runCli } from '../testing/cli.js';

const run = runCli;
const freshEnv = freshCliEnv;

// Every case spawns the real CLI (tsx compiling on start): minutes on a loaded machine, never a unit-test budget.
describe('interdict CLI', { timeout: 400_000 }, () => {
  it('exits 2 on bad usage and 0 on --help', () => {
    expect(run(['no-such-command'], {}).code).toBe(2);
    expect(run(['user', 'add', '--username', 'x'], {}).code).toBe(2);
    const help = run(['--help'], {});
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/audit/);
  });

  it('exits 1 with a clear message on bad configuration, without a stack trace', () => {
    const r = run(['migrate'], { DATABASE_URL: 'mysql://nope', PORT: 'eighty' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/DATABASE_URL: must look like postgres:\/\//);
    expect(r.err).toMatch(/PORT/);
    expect(r.err).not.toMatch(/at .*\.ts:\d+/);
  });

  it('exits 1 when the server is unreachable', () => {
    const r = run(['migrate'], { DATABASE_URL: 'postgres://u:pw@127.0.0.1:1/db' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Cannot connect to PostgreSQL at postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/db/);
  });

  // Each step is a new process opening the database, as a user's shell would: slow on PGlite by nature.
  it('migrates, adds a user, issues a token, and verifies the audit log', { timeout: 400_000 }, async () => {
    const { env, cleanup } = await freshEnv();
    try {
      expect(run(['migrate'], env).code).toBe(0);
      const add = run(['user', 'add', '--username', 'tess', '--agency', 'NM0010000', '--role', 'tracer', '--password', 'long-enough-pw'], env);
      expect(add.code, add.err).toBe(0);
      expect(add.out).toMatch(/Created user tess/);
      const tok = run(['token', 'create', '--user', 'tess'], env);
      expect(tok.code, tok.err).toBe(0);
      expect(tok.out.trim()).toMatch(/^idt_[A-Za-z0-9_-]{40,}$/);
      const v = run(['audit', 'verify'], env);
      expect(v.code, v.err).toBe(0);
      expect(v.out).toMatch(/Audit log intact: 2 events verified/);
    } finally {
      await cleanup();
    }
  });
});
