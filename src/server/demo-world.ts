import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppContext } from './context.js';
import { SYSTEM_ACTOR, type Actor } from '../features/audit/audit.service.js';
import { IMPORT_KINDS } from '../formats/index.js';
import { importFile } from '../features/ingest/importer.js';
import { simulate } from '../simulate/simulate.js';
import { runDetection } from '../features/detection/detect.service.js';
import { complianceFindings } from '../features/sales/compliance.service.js';

const DEMO_ACTOR: Actor = { ...SYSTEM_ACTOR, label: 'demo-loader' };

/** Demo accounts, all in the tracing center (national scope) except the requester and the dealer. */
export const DEMO_USERS = [
  { username: 'tina', displayName: 'Tina Tracer', roles: ['tracer'], agency: 'ATFNTC000' },
  { username: 'sara', displayName: 'Sara Supervisor', roles: ['supervisor'], agency: 'ATFNTC000' },
  { username: 'ivan', displayName: 'Ivan Investigator', roles: ['investigator'], agency: 'ATFNTC000', supervisor: 'sara' },
  { username: 'ana', displayName: 'Ana Analyst', roles: ['analyst'], agency: 'ATFNTC000' },
  { username: 'otto', displayName: 'Otto Auditor', roles: ['auditor'], agency: 'ATFNTC000' },
  { username: 'rick', displayName: 'Rick Requester', roles: ['requester'], agency: 'AZ0072300' },
] as const;

export interface DemoOptions {
  scale?: number;
  seed?: number;
  /** Password of the demo accounts (the admin password, so there is one secret to remember). */
  password: string;
  log: (msg: string) => void;
}

/**
 * A small synthetic world (border-baseline), written by the simulator and loaded through the real importer, then
 * scored by detection: what a new user sees is what the system makes of data, not fixtures.
 */
export async function loadDemoWorld(ctx: AppContext, o: DemoOptions): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interdict-demo-'));
  try {
    const t0 = Date.now();
    const sim = await simulate({ scenario: 'border-baseline', seed: o.seed ?? 2026, scale: o.scale ?? 0.05, outDir: dir });
    o.log(`simulated a border-baseline world in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (o.password.length < 8) {
      o.log('demo users not created: the admin password is not known at this start (set INTERDICT_ADMIN_PASSWORD)');
    } else {
      for (const u of DEMO_USERS) {
        if (await ctx.auth.principalFor(u.username)) continue;
        await ctx.auth.createUser(DEMO_ACTOR, {
          username: u.username, displayName: u.displayName, password: o.password, agencyOri: u.agency, roles: [...u.roles],
          supervisorUsername: 'supervisor' in u ? u.supervisor : undefined,
        });
      }
      o.log(`demo users ${DEMO_USERS.map((u) => `${u.username} (${u.roles.join(',')})`).join(', ')} share the admin password`);
    }
    for (const kind of IMPORT_KINDS) {
      const file = sim.files[kind];
      if (!file || file.rows === 0) continue;
      const s = await importFile(ctx.database, {
        path: file.path, kind, actor: DEMO_ACTOR, agencyId: null, source: 'demo', rejectsDir: null,
      });
      if (kind === 'cases') await staffDemoCases(ctx);
      o.log(`${kind}: ${s.counts.rowsOk} rows (${s.outcome}${s.counts.rowsRejected ? `, ${s.counts.rowsRejected} rejected` : ''})`);
    }
    const d = await runDetection(ctx.db, {
      mode: 'full', trigger: 'demo', actor: DEMO_ACTOR, findings: complianceFindings, concurrentReads: ctx.database.kind === 'postgres',
    });
    o.log(`detection: ${d.subjectsScored} people scored, ${d.flagged} flagged, ${d.alertsRaised} alerts`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The simulated cases (imported before the referrals that name them) have case agents who are not users; in the demo
 * the demo investigator and supervisor take them on, so that what their guns raise reaches someone who can sign in.
 * The agents' names stay as imported.
 */
async function staffDemoCases(ctx: AppContext): Promise<void> {
  const lead = await ctx.db.selectFrom('users').select('id').where('username', '=', 'ivan').executeTakeFirst();
  const sup = await ctx.db.selectFrom('users').select('id').where('username', '=', 'sara').executeTakeFirst();
  if (!lead) return;
  await ctx.db
    .updateTable('cases')
    .set({ lead_investigator_id: lead.id, supervisor_id: sup?.id ?? null })
    .where('lead_investigator_id', 'is', null)
    .where('source_kind', '=', 'case_import')
    .execute();
}
