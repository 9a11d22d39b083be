/**
 * Resolution measured against the simulator's truth: pairwise precision, recall and F1 over every person record that
 * the truth names (truth-records.ndjson beside truth.json gives the true person behind each person-bearing row).
 * Records are found through the rows that carry them: the buyer of a multiple-sale report (by report id), the first
 * buyer of a trace result and the possessor and associates of a trace request (by request id), the possessor of a
 * recovery (by recovery id), the subject of a dealer tip (by tip id).
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { sql } from 'kysely';
import type { Tx } from '../../db/types.js';

export class TruthFileError extends Error {}

/** "source|key" -> true person. */
export async function loadTruthPersons(truthFile: string): Promise<Map<string, string>> {
  let recFile = path.join(path.dirname(truthFile), 'truth-records.ndjson');
  try {
    const t = JSON.parse(fs.readFileSync(truthFile, 'utf8')) as { records?: { file?: string } };
    if (t.records?.file) recFile = path.join(path.dirname(truthFile), t.records.file);
  } catch (err) {
    throw new TruthFileError(`cannot read ${truthFile}: ${(err as Error).message}`);
  }
  if (!fs.existsSync(recFile)) throw new TruthFileError(`${recFile} (the person behind each record) is missing beside ${truthFile}`);
  const out = new Map<string, string>();
  const rl = readline.createInterface({ input: fs.createReadStream(recFile, 'utf8'), crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line) continue;
    const r = JSON.parse(line) as { source: string; key: string; role: string; person?: string };
    if (!r.person) continue;
    out.set(truthKey(r.source, r.role, r.key), r.person);
  }
  return out;
}

/** One key per person-bearing row: items of one report and hops of one trace share their row's person. */
export function truthKey(source: string, role: string, key: string): string {
  if (source === 'multiple_sales' || source === 'trace_results') return `${source}|${key.split('/')[0]}`;
  return `${source}|${role}|${key}`;
}

export interface PairwiseFigures {
  truePairs: number;
  predictedPairs: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface ResolutionEvaluation {
  runId: number | null;
  /** Person records the truth names, by source. */
  records: number;
  bySource: Record<string, number>;
  /** Person records found in the database with no truth row. */
  unmatched: number;
  truePersons: number;
  predictedPersons: number;
  pairwise: PairwiseFigures;
}

const pairs = (n: number): number => (n * (n - 1)) / 2;
const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);
const round = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Pairwise figures from (predicted, true) labels per record. */
export function pairwise(labels: Iterable<{ predicted: string; truth: string }>): PairwiseFigures {
  const pred = new Map<string, number>();
  const tru = new Map<string, number>();
  const both = new Map<string, number>();
  for (const l of labels) {
    pred.set(l.predicted, (pred.get(l.predicted) ?? 0) + 1);
    tru.set(l.truth, (tru.get(l.truth) ?? 0) + 1);
    const k = `${l.predicted}\u0000${l.truth}`;
    both.set(k, (both.get(k) ?? 0) + 1);
  }
  let truePairs = 0;
  let predictedPairs = 0;
  let tp = 0;
  for (const n of tru.values()) truePairs += pairs(n);
  for (const n of pred.values()) predictedPairs += pairs(n);
  for (const n of both.values()) tp += pairs(n);
  const precision = ratio(tp, predictedPairs);
  const recall = ratio(tp, truePairs);
  return { truePairs, predictedPairs, truePositives: tp, precision: round(precision), recall: round(recall), f1: round(precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)) };
}

export async function evaluateResolution(tx: Tx, truth: Map<string, string>): Promise<ResolutionEvaluation> {
  const run = await tx.selectFrom('resolution_runs').select('id').where('status', '=', 'completed').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const rows = await sql<{ source: string; role: string; key: string; record_id: number; person_id: number }>`
    SELECT 'multiple_sales' AS source, 'buyer' AS role, m.report_ref AS key, rp.person_record_id AS record_id, rp.person_id
      FROM multiple_sale_reports m JOIN resolved_person_records rp ON rp.person_record_id = m.buyer_record_id
    UNION ALL
    SELECT 'trace_results', 'buyer', t.request_ref, rp.person_record_id, rp.person_id
      FROM trace_requests t JOIN resolved_person_records rp ON rp.person_record_id = t.buyer_record_id WHERE t.request_ref IS NOT NULL
    UNION ALL
    SELECT 'trace_requests', 'possessor', t.request_ref, rp.person_record_id, rp.person_id
      FROM trace_requests t JOIN resolved_person_records rp ON rp.person_record_id = t.possessor_record_id WHERE t.request_ref IS NOT NULL
    UNION ALL
    SELECT 'trace_requests', 'associate', t.request_ref || '#associate' || row_number() OVER (PARTITION BY a.trace_id ORDER BY a.person_record_id),
        rp.person_record_id, rp.person_id
      FROM trace_associates a JOIN trace_requests t ON t.id = a.trace_id JOIN resolved_person_records rp ON rp.person_record_id = a.person_record_id
      WHERE t.request_ref IS NOT NULL
    UNION ALL
    SELECT 'recoveries', 'possessor', rc.recovery_ref, rp.person_record_id, rp.person_id
      FROM recoveries rc JOIN resolved_person_records rp ON rp.person_record_id = rc.possessor_record_id WHERE rc.recovery_ref IS NOT NULL
    UNION ALL
    SELECT 'dealer_tips', 'subject', d.tip_ref, rp.person_record_id, rp.person_id
      FROM dealer_tips d JOIN resolved_person_records rp ON rp.person_record_id = d.person_record_id WHERE d.tip_ref IS NOT NULL`.execute(tx);
  const seen = new Map<number, { predicted: string; truth: string }>();
  const bySource: Record<string, number> = {};
  let unmatched = 0;
  for (const r of rows.rows) {
    if (seen.has(r.record_id)) continue;
    const person = truth.get(truthKey(r.source, r.role, r.key));
    if (!person) {
      unmatched++;
      continue;
    }
    seen.set(r.record_id, { predicted: String(r.person_id), truth: person });
    const k = `${r.source}:${r.role}`;
    bySource[k] = (bySource[k] ?? 0) + 1;
  }
  const labels = [...seen.values()];
  return {
    runId: run?.id ?? null,
    records: labels.length,
    bySource,
    unmatched,
    truePersons: new Set(labels.map((l) => l.truth)).size,
    predictedPersons: new Set(labels.map((l) => l.predicted)).size,
    pairwise: pairwise(labels),
  };
}

export function formatEvaluation(e: ResolutionEvaluation): string {
  const p = e.pairwise;
  return (
    `Resolution run ${e.runId ?? '(none: one person per record)'} against the truth: ${e.records.toLocaleString('en-US')} records ` +
    `(${Object.entries(e.bySource).map(([k, v]) => `${k} ${v}`).join(', ')}), ${e.unmatched} without a truth row\n` +
    `  true persons ${e.truePersons.toLocaleString('en-US')}, predicted ${e.predictedPersons.toLocaleString('en-US')}\n` +
    `  pairwise: precision ${p.precision.toFixed(4)}, recall ${p.recall.toFixed(4)}, F1 ${p.f1.toFixed(4)} ` +
    `(true pairs ${p.truePairs.toLocaleString('en-US')}, predicted ${p.predictedPairs.toLocaleString('en-US')}, correct ${p.truePositives.toLocaleString('en-US')})\n`
  );
}
