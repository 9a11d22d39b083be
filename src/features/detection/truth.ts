/**
 * Reading the simulator's ground truth (truth.json and truth-records.ndjson beside it): who the straw buyers are,
 * the rings, and the true person behind each person-bearing row of the files.
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { z } from 'zod';

const ringSchema = z.object({
  id: z.string(),
  skill: z.string(),
  trafficker: z.string(),
  recruiters: z.array(z.string()),
  members: z.array(z.string()),
  startedBuying: z.string(),
  stoppedBuying: z.string().optional(),
  dealers: z.array(z.string()).default([]),
  guns: z.array(z.string()).default([]),
  reportedInMultipleSales: z.number().optional(),
});
export type TruthRing = z.infer<typeof ringSchema>;

const truthSchema = z.object({
  scenario: z.string(),
  seed: z.number(),
  scale: z.number(),
  records: z.object({ file: z.string() }).optional(),
  strawBuyers: z.array(z.string()),
  rings: z.array(ringSchema),
});

export interface Truth {
  scenario: string;
  seed: number;
  scale: number;
  strawBuyers: Set<string>;
  rings: TruthRing[];
  /** Person of each ring member, recruiter and trafficker -> ring id. */
  ringOf: Map<string, string>;
  /** Row keys -> true person, by source: multiple_sales by report id, trace_results and trace_requests by request id. */
  msBuyer: Map<string, string>;
  traceBuyer: Map<string, string>;
  possessor: Map<string, string>;
  tipSubject: Map<string, string>;
}

export class TruthError extends Error {}

export async function loadTruth(file: string): Promise<Truth> {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new TruthError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const parsed = truthSchema.safeParse(raw);
  if (!parsed.success) throw new TruthError(`${file} is not a simulator truth file: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const t = parsed.data;
  const ringOf = new Map<string, string>();
  for (const r of t.rings) for (const p of [r.trafficker, ...r.recruiters, ...r.members]) ringOf.set(p, r.id);
  const truth: Truth = {
    scenario: t.scenario, seed: t.seed, scale: t.scale, strawBuyers: new Set(t.strawBuyers), rings: t.rings, ringOf,
    msBuyer: new Map(), traceBuyer: new Map(), possessor: new Map(), tipSubject: new Map(),
  };
  const recFile = path.join(path.dirname(file), t.records?.file ?? 'truth-records.ndjson');
  if (!fs.existsSync(recFile)) throw new TruthError(`${recFile} (the person behind each record) is missing beside ${file}`);
  const rl = readline.createInterface({ input: fs.createReadStream(recFile, 'utf8'), crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line) continue;
    const r = JSON.parse(line) as { source: string; key: string; role: string; person?: string };
    if (!r.person) continue;
    if (r.source === 'multiple_sales' && r.role === 'buyer') truth.msBuyer.set(r.key.split('/')[0], r.person);
    else if (r.source === 'trace_results' && r.role === 'buyer') truth.traceBuyer.set(r.key.split('/')[0], r.person);
    else if (r.source === 'trace_requests' && r.role === 'possessor') truth.possessor.set(r.key, r.person);
    else if (r.source === 'dealer_tips') truth.tipSubject.set(r.key, r.person);
  }
  return truth;
}
