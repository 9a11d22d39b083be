/**
 * Diagnostics for tuning: after `world.ts --keep`, lists the false positives (flagged people who are not straw
 * buyers) and the straw buyers missed, each with their score and reasons, and the points each indicator gives to
 * straw buyers and to lawful buyers. Usage:
 *   npx tsx bench/detection/inspect.ts --dir /tmp/world --db interdict_det_border_baseline_1_1 [--pglite DIR]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/connect.js';
import { loadTruth } from '../../src/features/detection/truth.js';

const { values: a } = parseArgs({ options: { dir: { type: 'string' }, db: { type: 'string' }, pglite: { type: 'string' }, show: { type: 'string', default: '15' } } });

async function main(): Promise<void> {
  const truth = await loadTruth(path.join(a.dir!, 'truth.json'));
  const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const u = new URL(base);
  u.pathname = `/${a.db}`;
  const database = a.pglite ? await openDatabase({ dataDir: a.pglite }) : await openDatabase({ databaseUrl: u.href });
  try {
    const refs = await sql<{ src: string; ref: string; subject_id: number }>`
      SELECT 'ms' AS src, r.report_ref AS ref, s.subject_id FROM multiple_sale_reports r JOIN detection_subjects s ON s.person_record_id = r.buyer_record_id
      UNION ALL SELECT 'tr', coalesce(t.request_ref, t.trace_number), s.subject_id FROM trace_requests t JOIN detection_subjects s ON s.person_record_id = t.buyer_record_id`.execute(database.db);
    const personOf = new Map<number, string>();
    const subjectsOf = new Map<string, Set<number>>();
    // How each true person shows up in the data: multiple-sale reports and traces naming them as the buyer.
    const seenAs = new Map<string, { ms: number; tr: number }>();
    for (const r of refs.rows) {
      const p = r.src === 'ms' ? truth.msBuyer.get(r.ref) : truth.traceBuyer.get(r.ref);
      if (!p) continue;
      const seen = seenAs.get(p) ?? { ms: 0, tr: 0 };
      seen[r.src as 'ms' | 'tr']++;
      seenAs.set(p, seen);
      personOf.set(r.subject_id, p);
      subjectsOf.set(p, (subjectsOf.get(p) ?? new Set()).add(r.subject_id));
    }
    const scores = await sql<{ subject_id: number; score: number; flagged: boolean; reasons: Array<{ code: string; points: number; text: string }> }>`
      SELECT subject_id, score, flagged, reasons FROM person_risk_scores WHERE current`.execute(database.db);
    const bySubject = new Map(scores.rows.map((r) => [r.subject_id, r]));
    const pts = { straw: new Map<string, number[]>(), lawful: new Map<string, number[]>() };
    for (const r of scores.rows) {
      const p = personOf.get(r.subject_id);
      const side = p && truth.strawBuyers.has(p) ? 'straw' : 'lawful';
      for (const x of r.reasons) pts[side].set(x.code, [...(pts[side].get(x.code) ?? []), x.points]);
    }
    const show = Number(a.show);
    console.log('\nFALSE POSITIVES');
    let n = 0;
    for (const r of scores.rows.filter((x) => x.flagged).sort((x, y) => y.score - x.score)) {
      const p = personOf.get(r.subject_id);
      if (p && truth.strawBuyers.has(p)) continue;
      if (n++ >= show) continue;
      console.log(`${r.subject_id} ${p ?? '?'} ring=${p ? truth.ringOf.get(p) ?? '-' : '-'} subjects=${p ? subjectsOf.get(p)?.size ?? 0 : '-'} score ${r.score}: ${r.reasons.map((x) => `${x.code}+${x.points}`).join(' ')}`);
    }
    console.log(`(${n} in all)`);
    console.log('\nSTRAW BUYERS MISSED');
    n = 0;
    for (const p of truth.strawBuyers) {
      const subs = [...(subjectsOf.get(p) ?? [])];
      if (subs.length === 0 || subs.some((s) => bySubject.get(s)?.flagged)) continue;
      if (n++ >= show) continue;
      const best = subs.map((s) => bySubject.get(s)).filter(Boolean).sort((x, y) => y!.score - x!.score)[0];
      const seen = seenAs.get(p) ?? { ms: 0, tr: 0 };
      console.log(`${p} ring=${truth.ringOf.get(p)} subjects=${subs.length} reports=${seen.ms} traces=${seen.tr} best ${best?.score ?? 0}: ${best?.reasons.map((x) => `${x.code}+${x.points}`).join(' ') ?? ''}`);
    }
    console.log(`(${n} in all)`);
    console.log('\nINDICATOR: subjects with it (mean points), straw vs lawful');
    const codes = new Set([...pts.straw.keys(), ...pts.lawful.keys()]);
    for (const c of codes) {
      const s = pts.straw.get(c) ?? [];
      const l = pts.lawful.get(c) ?? [];
      const mean = (x: number[]) => (x.length ? (x.reduce((p, q) => p + q, 0) / x.length).toFixed(1) : '-');
      console.log(`${c.padEnd(26)} straw ${String(s.length).padStart(5)} (${mean(s)})  lawful ${String(l.length).padStart(6)} (${mean(l)})`);
    }
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
