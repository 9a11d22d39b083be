/**
 * Two rings for the analysis tests, with invented people:
 * - the northern ring, in agency `az`: the recruiter Raul holds a phone or a vehicle in common with each of six
 *   straw buyers (a star: they do not know each other), and is an associate of the trafficker Teo;
 * - the southern ring, in agency `ca`: five buyers who all share one phone and one address (a clique);
 * - one weak bridge: northern buyer S1 and southern buyer Q1 once gave the same address;
 * - a rifle bought by S2 was recovered in a trace of agency `ca`, from possessor Pia, a record of agency `az`.
 */
import type { Tx } from '../../../db/types.js';
import { NetworkFixture } from './fixtures.js';

export async function insertTwoRings(tx: Tx) {
  const f = new NetworkFixture(tx);
  const az = await f.agency('AZNETA001');
  const ca = await f.agency('CANETA001');
  const raul = await f.person({ given: 'Raul', surname: 'Ibarra', dob: '1975-04-04', agency: az });
  const teo = await f.person({ given: 'Teo', surname: 'Lugo', dob: '1970-09-09', agency: az, role: 'possessor' });
  const assoc = await f.associate(raul, teo, '2010-03-03');
  const s: number[] = [];
  const links: number[] = [];
  for (let i = 1; i <= 6; i++) {
    const id = await f.person({ given: `Straw${i}`, surname: 'Norte', dob: `1991-01-0${i}`, agency: az });
    s.push(id);
    if (i <= 3) {
      links.push(await f.attr(id, 'phone', `+1602555020${i}`, `2010-01-0${i}`));
      await f.attr(raul, 'phone', `+1602555020${i}`, `2010-01-0${i}`);
    } else {
      links.push(await f.attr(id, 'vehicle', `AZ PLATE ${i}`, `2010-01-0${i}`));
      await f.attr(raul, 'vehicle', `AZ PLATE ${i}`, `2010-01-0${i}`);
    }
  }
  const q: number[] = [];
  for (let i = 1; i <= 5; i++) {
    const id = await f.person({ given: `Quinto${i}`, surname: 'Sur', dob: `1985-02-0${i}`, agency: ca });
    q.push(id);
    await f.attr(id, 'phone', '+16195550300', '2010-04-01');
    await f.attr(id, 'address', '400 Border Rd, San Ysidro CA 92173', '2010-04-01');
  }
  await f.attr(s[0], 'address', '77 Bridge Ln, Yuma AZ 85364', '2010-05-01');
  await f.attr(q[0], 'address', '77 Bridge Ln, Yuma AZ 85364', '2010-05-02');
  const pia = await f.person({ given: 'Pia', surname: 'Rios', dob: '1983-03-03', agency: az, role: 'possessor' });
  const dealer = await f.dealer('9-86-000-01-1A-00002', 'Cactus Arms');
  const rifle = await f.firearm('FN Herstal', 'FN57-000111');
  const sale = await f.sale(s[1], dealer, rifle, '2010-01-20');
  const caTrace = await f.trace({ agency: ca, firearm: rifle, possessor: pia, submitted: '2010-06-01' });
  return { az, ca, raul, teo, assoc, s, links, q, pia, rifle, sale, caTrace };
}

/** Marks people as flagged by detection, as detection's own tables would after a run. */
export async function flagInDetection(tx: Tx, people: Array<{ record: number; score: number; flagged: boolean }>): Promise<void> {
  const run = await tx.insertInto('detection_runs').values({ mode: 'full', status: 'completed', trigger: 'test' }).returning('id').executeTakeFirstOrThrow();
  for (const p of people) {
    await tx.insertInto('detection_subjects').values({ person_record_id: p.record, subject_id: p.record, basis: 'exact_keys' }).execute();
    await tx
      .insertInto('person_risk_scores')
      .values({ run_id: run.id, subject_id: p.record, score: p.score, level: p.score >= 70 ? 'high' : p.score >= 40 ? 'elevated' : 'low', flagged: p.flagged, record_ids: [p.record] })
      .execute();
  }
}
