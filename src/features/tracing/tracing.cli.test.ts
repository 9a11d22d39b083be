import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { closeContext, createContext } from '../../server/boot.js';
import { freshCliEnv, runCli, type CliEnv } from '../../testing/cli.js';
import { raiseAlert } from '../alerts/alerts.service.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { createCase } from '../cases/cases.service.js';

// The alert inbox from the command line, as an investigator and a supervisor use it: the same rules as the web
// (continue-monitoring needs a justification and a supervisor who is not the decider), the same audit.
describe('interdict alerts (the real CLI)', { timeout: 400_000 }, () => {
  let cli: CliEnv;
  let alertId: number;
  const run = (...args: string[]) => runCli(args, cli.env);

  beforeAll(async () => {
    cli = await freshCliEnv();
    const ctx = await createContext(loadConfig({ ...cli.env, LOG_LEVEL: 'silent', INTERDICT_DEMO: '0' }));
    try {
      const mk = (username: string, roles: string[], supervisor?: string) =>
        ctx.auth.createUser(SYSTEM_ACTOR, { username, roles, agencyOri: 'AZ0070000', password: null, supervisorUsername: supervisor });
      await mk('gsup', ['supervisor']);
      await mk('sa1', ['investigator'], 'gsup');
      await mk('nosy', ['investigator']);
      const inv = (await ctx.auth.principalFor('sa1'))!;
      const c = await ctx.db.transaction().execute((tx) => createCase(tx, inv, { caseNumber: 'AZ-2026-0042', title: 'AK rifles to Sonora' }));
      const a = await ctx.db.transaction().execute((tx) =>
        raiseAlert(tx, SYSTEM_ACTOR, {
          kind: 'suspect_gun_match', title: 'Flagged gun traced', caseId: c.id, severity: 'high',
          reasons: [{ code: 'serial_confusable', text: 'serial matches with O read as 0' }], dedupeKey: 'cli-test:1',
        }),
      );
      alertId = a.id;
    } finally {
      await closeContext(ctx);
    }
  });
  afterAll(async () => cli?.cleanup());

  it('lists the alert in the investigator\'s inbox, open, with its age', () => {
    const r = run('alerts', 'list', '--user', 'sa1', '--json');
    expect(r.code, r.err).toBe(0);
    const rows = JSON.parse(r.out) as Array<{ id: number; status: string; case_number: string }>;
    expect(rows).toEqual([expect.objectContaining({ id: alertId, status: 'open', case_number: 'AZ-2026-0042' })]);
    expect(JSON.parse(run('alerts', 'list', '--user', 'nosy', '--json').out)).toEqual([]);
  });

  it('refuses bad usage with exit 2, and someone off the case with exit 1', () => {
    expect(run('alerts', 'decide', String(alertId), '--action', 'shrug', '--user', 'sa1').code).toBe(2);
    const r = run('alerts', 'decide', String(alertId), '--action', 'seize', '--user', 'nosy');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/interdict: Only the people told of this alert or on its case may decide it/);
  });

  it('refuses continue-monitoring without a justification, then sends a justified one to the supervisor', () => {
    const bare = run('alerts', 'decide', String(alertId), '--action', 'continue_monitoring', '--user', 'sa1');
    expect(bare.code).toBe(1);
    expect(bare.err).toMatch(/justification/i);
    expect(bare.err).not.toMatch(/at .*\.ts:\d+/);

    const ok = run('alerts', 'decide', String(alertId), '--action', 'continue_monitoring', '--justification', 'buyer leads to the trafficker; seizure is planned at the border', '--user', 'sa1');
    expect(ok.code, ok.err).toBe(0);
    const d = JSON.parse(ok.out) as { decisionId: number; alertStatus: string };
    expect(d.alertStatus).toBe('awaiting_approval');

    // The decider cannot approve their own decision; their supervisor can.
    const self = run('alerts', 'review-decision', String(d.decisionId), '--verdict', 'approved', '--user', 'sa1');
    expect(self.code).toBe(1);
    const approved = run('alerts', 'review-decision', String(d.decisionId), '--verdict', 'approved', '--note', 'for 14 days', '--user', 'gsup');
    expect(approved.code, approved.err).toBe(0);
    expect(JSON.parse(approved.out)).toMatchObject({ alertStatus: 'decided' });
    // A decision is reviewed once.
    expect(run('alerts', 'review-decision', String(d.decisionId), '--verdict', 'rejected', '--user', 'gsup').code).toBe(1);

    const all = JSON.parse(run('alerts', 'list', '--user', 'gsup', '--all', '--status', 'decided', '--json').out) as Array<{ id: number }>;
    expect(all.map((a) => a.id)).toContain(alertId);
  });
});
