import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommanderError } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { simulateCommand } from './cli.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function command() {
  const c = simulateCommand();
  c.exitOverride();
  c.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  return c;
}

describe('interdict simulate', () => {
  it('writes a world from the command line and says where', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'interdict-cli-'));
    dirs.push(dir);
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await command().parseAsync(['--scenario', 'border-baseline', '--seed', '3', '--scale', '0.005', '--out', dir, '--quiet'], { from: 'user' });
      expect(String(out.mock.calls.map((c) => c[0]).join(''))).toMatch(/Wrote border-baseline \(seed 3, scale 0.005\)/);
    } finally {
      out.mockRestore();
    }
    expect(existsSync(join(dir, 'multiple_sales.csv'))).toBe(true);
    expect(existsSync(join(dir, 'truth.json'))).toBe(true);
  });

  it.each([
    [['--scenario', 'atlantis', '--seed', '1', '--out', '/tmp/x'], /Allowed choices/],
    [['--scenario', 'border-baseline', '--seed', 'abc', '--out', '/tmp/x'], /not a whole number/],
    [['--scenario', 'border-baseline', '--seed', '1', '--scale', '0', '--out', '/tmp/x'], /above 0/],
    [['--scenario', 'border-baseline', '--seed', '1'], /--out/],
  ])('refuses bad usage %j', async (args, message) => {
    const err = await command()
      .parseAsync(args, { from: 'user' })
      .then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(CommanderError);
    expect((err as CommanderError).message).toMatch(message);
  });
});
