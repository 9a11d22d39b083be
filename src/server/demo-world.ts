import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppContext } from './context.js';
import { SYSTEM_ACTOR, type Actor } from '../features/audit/audit.service.js';
import { IMPORT_KINDS } from '../formats/index.js';
import { importFile } from '../features/ingest/importer.js';
import { simulate } from '../simulate/simulate.js';
import { parse } from 'csv-parse/sync';
import { recordAudit } from '../features/audit/audit.service.js';
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
      if (kind === 'suspect_guns') await openDemoCases(ctx, file.path);
      const s = await importFile(ctx.database, {
        path: file.path, kind, actor: DEMO_ACTOR, agencyId: null, source: 'demo', rejectsDir: null,
      });
      o.log(`${kind}: ${s.counts.rowsOk} rows (${s.outcome}${s.counts.rowsRejected ? `, ${s.counts.rowsRejected} rejected` : ''})`);
    }
    const d = await runDetection(ctx.db, { mode: 'full', trigger: 'demo', actor: DEMO_ACTOR, findings: complianceFindings });
    o.log(`detection: ${d.subjectsScored} people scored, ${d.flagged} flagged, ${d.alertsRaised} alerts`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The register only takes guns tied to a case someone opened on purpose; in the demo, the demo investigator opens
 * the cases the simulated referrals name (with the demo supervisor), so the referrals have somewhere to go.
 */
async function openDemoCases(ctx: AppContext, file: string): Promise<void> {
  const rows = parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  const lead = await ctx.db.selectFrom('users').select('id').where('username', '=', 'ivan').executeTakeFirst();
  const sup = await ctx.db.selectFrom('users').select('id').where('username', '=', 'sara').executeTakeFirst();
  const seen = new Set<string>();
  await ctx.db.transaction().execute(async (tx) => {
    for (const r of rows) {
      if (!r.case_number || seen.has(r.case_number)) continue;
      seen.add(r.case_number);
      if (await tx.selectFrom('cases').select('id').where('case_number', '=', r.case_number).executeTakeFirst()) continue;
      const agencyId = await ctx.auth.ensureAgency(tx, r.agency_ori);
      const c = await tx
        .insertInto('cases')
        .values({
          case_number: r.case_number, agency_id: agencyId, title: `Demo case ${r.case_number}`, opened_on: r.referred_on,
          lead_investigator_id: lead?.id ?? null, supervisor_id: sup?.id ?? null, source_kind: 'demo', source_ref: path.basename(file),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(tx, DEMO_ACTOR, { action: 'case.created', targetType: 'case', targetId: c.id, reason: r.case_number });
    }
  });
}
