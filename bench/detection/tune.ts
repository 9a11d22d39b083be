/**
 * Weight tuning aid: reads a loaded world's events once (after a detection run has filled detection_subjects), then
 * rescores every subject in memory under each candidate configuration and prints person-level precision and recall
 * against the truth. Scoring is the production code (scorePerson, applySuspectLinks); only the evaluation reads the
 * truth. Usage:
 *   npx tsx bench/detection/tune.ts --dir /tmp/world --db detect_bb1 [--configs variants.json]
 * variants.json: [{"name": "...", "config": { ...DeepPartial<DetectionConfig> }}, ...]; the defaults are always scored.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { fromDayNumber, toDayNumber } from '../../src/domain/dates.js';
import { openDatabase } from '../../src/db/connect.js';
import { GunClassifier, subjectsInOrder } from '../../src/features/detection/assemble.js';
import { makeBusinessDayCounter } from '../../src/features/detection/calendar.js';
import { withConfig, type DeepPartial, type DetectionConfig } from '../../src/features/detection/config.js';
import { CursorReader } from '../../src/features/detection/cursor.js';
import { dealerCalendars } from '../../src/features/detection/detection.repository.js';
import type { CoPurchaseEvent, FindingEvent, MexicoPairEvent, SubjectEvent, SubjectLink, TravelPairEvent } from '../../src/features/detection/events.js';
import { linkGroupsQuery, reportsQuery, tipsQuery, tracesQuery, type LinkGroupRow, type ReportRow, type TipRow, type TraceRow } from '../../src/features/detection/features.repository.js';
import { applySuspectLinks, scorePerson } from '../../src/features/detection/risk.js';
import { coPurchaseEvents, dropFavoured, stageFavoured } from '../../src/features/detection/co-purchase.js';
import { travelPairEvents } from '../../src/features/detection/travel-pairs.js';
import { mexicoPairEvents } from '../../src/features/detection/mexico-pairs.js';
import { loadTruth } from '../../src/features/detection/truth.js';
import { computeFindings } from '../../src/features/sales/compliance.service.js';

const { values: a } = parseArgs({ options: { dir: { type: 'string' }, db: { type: 'string' }, configs: { type: 'string' } } });

async function main(): Promise<void> {
  const truth = await loadTruth(path.join(a.dir!, 'truth.json'));
  const u = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  u.pathname = `/${a.db}`;
  const database = await openDatabase({ databaseUrl: u.href });
  const variants: Array<{ name: string; config: DeepPartial<DetectionConfig> }> = [{ name: 'defaults', config: {} }];
  if (a.configs) variants.push(...(JSON.parse(fs.readFileSync(a.configs, 'utf8')) as typeof variants));
  try {
    const events = new Map<number, SubjectEvent[]>();
    const coByWindows = new Map<string, Map<number, CoPurchaseEvent[]>>();
    const mxByWindows = new Map<string, Map<number, MexicoPairEvent[]>>();
    const tpByWindows = new Map<string, Map<number, TravelPairEvent[]>>();
    const tkey = (w: DetectionConfig['windows']) => `${w.travelKm}/${w.travelDays}/${w.travelTtcDays}`;
    let links = new Map<number, SubjectLink[]>();
    let bdays: ReturnType<typeof makeBusinessDayCounter> = () => 0;
    await database.db.transaction().execute(async (tx) => {
      await sql`SET LOCAL cursor_tuple_fraction = 1.0`.execute(tx);
      await sql`SET LOCAL work_mem = '128MB'`.execute(tx);
      bdays = makeBusinessDayCounter(await dealerCalendars(tx));
      const findings = new Map<number, FindingEvent[]>();
      for (const f of await computeFindings(tx, false)) {
        if (f.certainty !== 'definite') continue;
        const list = findings.get(f.subjectId) ?? [];
        list.push({ kind: 'finding', findingKey: `${f.dealerLicence}:${f.firstSale}:${f.form}`, knownDay: toDayNumber(f.knownOn), dealerLicence: f.dealerLicence, form: f.form, guns: f.guns, firstDay: toDayNumber(f.firstSale), lastDay: toDayNumber(f.lastSale) });
        findings.set(f.subjectId, list);
      }
      const guns = new GunClassifier();
      const r = new CursorReader<ReportRow>(tx, 'tr', reportsQuery(false));
      const t = new CursorReader<TraceRow>(tx, 'tt', tracesQuery(false));
      const p = new CursorReader<TipRow>(tx, 'tp', tipsQuery(false));
      for await (const [s, ev] of subjectsInOrder(r, t, p, guns)) events.set(s, [...ev, ...(findings.get(s) ?? [])]);
      // Co-purchases depend on their two windows: read once per pair of windows the variants use.
      for (const v of variants) {
        const w = withConfig(v.config).windows;
        const key = `${w.coPurchaseDays}/${w.coPurchaseNewDays}/${w.coPurchaseKm}/${w.coPurchaseNearbyMin}/${w.coPurchaseMin}`;
        if (!coByWindows.has(key)) coByWindows.set(key, await coPurchaseEvents(tx, withConfig(v.config), guns));
        const mkey = `${w.mexicoPairDays}/${w.mexicoPairTtcDays}`;
        if (!mxByWindows.has(mkey)) mxByWindows.set(mkey, await mexicoPairEvents(tx, withConfig(v.config)));
        if (!tpByWindows.has(tkey(w))) {
          const staged = await stageFavoured(tx, guns);
          tpByWindows.set(tkey(w), await travelPairEvents(tx, withConfig(v.config), staged));
          await dropFavoured(tx);
        }
      }
      await Promise.all([r.close(), t.close(), p.close()]);
      links = new Map();
      const groups = await linkGroupsQuery(12, false).execute(tx);
      for (const g of groups.rows as LinkGroupRow[]) {
        for (const x of g.subjects) for (const y of g.subjects) if (x !== y) links.set(x, [...(links.get(x) ?? []), { other: y, kind: g.kind as SubjectLink['kind'], value: g.value }]);
      }
    });
    // Who each subject is, by majority over its buyer records (as evaluate.ts does).
    const refs = await sql<{ src: string; ref: string; subject_id: number }>`
      SELECT 'ms' AS src, r.report_ref AS ref, s.subject_id FROM multiple_sale_reports r JOIN detection_subjects s ON s.person_record_id = r.buyer_record_id
      UNION ALL SELECT 'tr', coalesce(t.request_ref, t.trace_number), s.subject_id FROM trace_requests t JOIN detection_subjects s ON s.person_record_id = t.buyer_record_id`.execute(database.db);
    const votes = new Map<number, Map<string, number>>();
    const observable = new Set<string>();
    for (const x of refs.rows) {
      const person = x.src === 'ms' ? truth.msBuyer.get(x.ref) : truth.traceBuyer.get(x.ref);
      if (!person) continue;
      observable.add(person);
      const v = votes.get(x.subject_id) ?? new Map<string, number>();
      v.set(person, (v.get(person) ?? 0) + 1);
      votes.set(x.subject_id, v);
    }
    const personOf = new Map<number, string>();
    for (const [s, v] of votes) personOf.set(s, [...v].sort((x, y) => y[1] - x[1])[0][0]);
    const straw = [...truth.strawBuyers].filter((p) => observable.has(p));
    process.stderr.write(`${events.size} subjects with events, ${straw.length} observable straw buyers\n`);

    for (const v of variants) {
      const cfg = withConfig(v.config);
      const scores = new Map<number, ReturnType<typeof scorePerson>>();
      const co = coByWindows.get(`${cfg.windows.coPurchaseDays}/${cfg.windows.coPurchaseNewDays}/${cfg.windows.coPurchaseKm}/${cfg.windows.coPurchaseNearbyMin}/${cfg.windows.coPurchaseMin}`)!;
      const mx = mxByWindows.get(`${cfg.windows.mexicoPairDays}/${cfg.windows.mexicoPairTtcDays}`)!;
      const travel = tpByWindows.get(tkey(cfg.windows))!;
      for (const [s, ev] of events) {
        const all = co.has(s) || mx.has(s) || travel.has(s) ? [...ev, ...(co.get(s) ?? []), ...(mx.get(s) ?? []), ...(travel.get(s) ?? [])] : ev;
        scores.set(s, scorePerson(all, cfg, bdays, { keepEvents: links.has(s) }));
      }
      const flagDay = new Map<number, number>();
      for (const [s, sc] of scores) if (sc.flagged && sc.flaggedOnDay !== null) flagDay.set(s, sc.flaggedOnDay);
      for (const [s, ls] of links) {
        const sc = scores.get(s);
        if (!sc) continue;
        const to = ls.filter((l) => flagDay.has(l.other)).map((l) => ({ ...l, day: Math.max(flagDay.get(l.other)!, sc.firstSeenDay ?? 0), otherName: '' }));
        if (to.length) scores.set(s, applySuspectLinks(sc, to, cfg, bdays));
      }
      const flaggedPeople = new Set<string>();
      let unknown = 0;
      for (const [s, sc] of scores) {
        if (!sc.flagged) continue;
        const p = personOf.get(s);
        if (p) flaggedPeople.add(p);
        else unknown++;
      }
      const tp = [...flaggedPeople].filter((p) => truth.strawBuyers.has(p)).length;
      const precision = tp / Math.max(1, flaggedPeople.size);
      const recall = tp / Math.max(1, straw.length);
      if (v.name.startsWith('!')) {
        const line = (s: number) => `${s} ${personOf.get(s) ?? '?'} ring=${truth.ringOf.get(personOf.get(s) ?? '') ?? '-'} ${scores.get(s)!.score}: ${scores.get(s)!.indicators.map((i) => `${i.code}+${i.points}`).join(' ')}`;
        const fps = [...scores].filter(([s, sc]) => sc.flagged && !truth.strawBuyers.has(personOf.get(s) ?? '')).sort((x, y) => y[1].score - x[1].score);
        process.stdout.write(`FALSE POSITIVES (${fps.length})\n${fps.slice(0, 25).map(([s]) => line(s)).join('\n')}\n`);
        const bestOf = new Map<string, number>();
        for (const [s, sc] of scores) {
          const p = personOf.get(s);
          if (p && truth.strawBuyers.has(p) && (!bestOf.has(p) || sc.score > scores.get(bestOf.get(p)!)!.score)) bestOf.set(p, s);
        }
        const missed = straw.filter((p) => !flaggedPeople.has(p));
        process.stdout.write(`MISSED (${missed.length})\n${missed.map((p) => (bestOf.has(p) ? line(bestOf.get(p)!) : `${p} (no subject)`)).join('\n')}\n`);
      }
      // Time to flag per ring: days from its first purchase (truth) to the first flag day of any of its people.
      const ringFlag = new Map<string, number>();
      for (const [s, sc] of scores) {
        const ring = truth.ringOf.get(personOf.get(s) ?? '');
        if (ring && sc.flaggedOnDay !== null && sc.flaggedOnDay < (ringFlag.get(ring) ?? Infinity)) ringFlag.set(ring, sc.flaggedOnDay);
      }
      const ttf = truth.rings.map((rg) => {
        const d = ringFlag.get(rg.id);
        if (d === undefined) return `${rg.id}:-`;
        let guns = 0;
        for (const [s, sc] of scores) if (truth.ringOf.get(personOf.get(s) ?? '') === rg.id) guns += sc.purchaseDays.filter((x) => x <= d).length;
        return `${rg.id}:${d - toDayNumber(rg.startedBuying)}d/${guns}g(${fromDayNumber(d)})`;
      });
      process.stdout.write(`${v.name.padEnd(28)} flagged ${String(flaggedPeople.size).padStart(4)} (+${unknown} unmapped)  TP ${tp}  P ${precision.toFixed(3)}  R ${recall.toFixed(3)}\n    time to flag: ${ttf.join(' ')}\n`);
    }
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
