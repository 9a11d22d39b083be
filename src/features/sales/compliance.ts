/**
 * Compliance from trace results: what is known of one dealer's sales to one buyer (guns on the multiple-sale
 * reports held, and guns traced back to that buyer at that dealer) is run through the domain's multiple-sale rules.
 * A report the rules require that would include a traced gun no held report lists is a sale that should have been
 * reported and was not. Rifles whose facts are missing (action, magazine) make the finding "possible", not definite.
 * Pure: no I/O.
 */
import { computeMultipleSaleReports, type DealerFacts, type FirearmFacts, type MultipleSaleForm } from '../../domain/multiple-sales.js';
import { isFirearmType } from '../../domain/firearm-types.js';

export interface KnownPurchase {
  /** 'ms:<item id>' or 'tr:<trace id>'. */
  id: string;
  source: 'ms' | 'tr';
  /** Report (ms) or trace (tr) id. */
  recordId: number;
  date: string;
  /** Day the system learned of it. */
  knownOn: string;
  label: string;
  serialKey: string | null;
  type: string | null;
  caliber: string | null;
  action: string | null;
  detachableMagazine: boolean | null;
}

export interface Finding {
  form: MultipleSaleForm;
  certainty: 'definite' | 'possible';
  firstSale: string;
  lastSale: string;
  /** Day the last piece of evidence became known. */
  knownOn: string;
  guns: number;
  unreportedGuns: number;
  explanation: string;
  evidence: Array<{ type: 'trace' | 'multiple_sale_report'; id: number; date: string; note: string }>;
}

function facts(p: KnownPurchase, assumeQualifying: boolean): FirearmFacts {
  const type = p.type && isFirearmType(p.type) ? p.type : 'other';
  const semi = p.action ? p.action === 'semi_automatic' : null;
  return {
    type,
    caliber: p.caliber,
    semiAutomatic: semi ?? (assumeQualifying ? true : null),
    detachableMagazine: p.detachableMagazine ?? (assumeQualifying ? true : null),
  };
}

const FORM_WORDS: Record<MultipleSaleForm, string> = { '3310.4': 'handguns (F 3310.4)', '3310.12': 'rifles (F 3310.12)' };

/**
 * Findings for one buyer at one dealer. Traced guns already listed on a held report (same serial) count as reported.
 */
export function findUnreported(purchases: readonly KnownPurchase[], dealer: DealerFacts & { licence: string }, buyerName: string): Finding[] {
  const reportedSerials = new Set(purchases.filter((p) => p.source === 'ms' && p.serialKey).map((p) => p.serialKey!));
  const list = purchases.filter((p) => p.source === 'ms' || !(p.serialKey && reportedSerials.has(p.serialKey)));
  if (list.length < 2 || !list.some((p) => p.source === 'tr')) return [];
  const byId = new Map(list.map((p) => [p.id, p]));
  const out: Finding[] = [];
  const seen = new Set<string>();
  const covered = new Set<string>();
  for (const assume of [false, true]) {
    const result = computeMultipleSaleReports(list.map((p) => ({ id: p.id, date: p.date, firearm: facts(p, assume) })), dealer);
    for (const r of result.reports) {
      // The guns of the report plus those of the earlier reports it is connected to: the window the dealer saw.
      const ids = [...r.connectedTo.flatMap((i) => result.reports[i].purchaseIds), ...r.purchaseIds];
      const guns = [...new Set(ids)].map((id) => byId.get(id)!).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
      const unreported = r.purchaseIds.map((id) => byId.get(id)!).filter((g) => g.source === 'tr');
      if (unreported.length === 0) continue;
      const key = `${r.form}|${unreported.map((g) => g.id).sort().join(',')}`;
      if (seen.has(key) || (assume && unreported.every((g) => covered.has(g.id)))) continue;
      seen.add(key);
      if (!assume) for (const g of unreported) covered.add(g.id);
      const dates = guns.map((g) => g.date).sort();
      const reportedIds = [...new Set(guns.filter((g) => g.source === 'ms').map((g) => g.recordId))];
      out.push({
        form: r.form,
        certainty: assume ? 'possible' : 'definite',
        firstSale: dates[0],
        lastSale: dates[dates.length - 1],
        knownOn: guns.map((g) => g.knownOn).sort().at(-1)!,
        guns: guns.length,
        unreportedGuns: unreported.length,
        explanation:
          `${assume ? 'Possibly: ' : ''}dealer ${dealer.licence} sold ${guns.length} ${FORM_WORDS[r.form]} to ${buyerName} ` +
          `within five business days (${guns.map((g) => `${g.label} on ${g.date}`).join('; ')}); ` +
          `${unreported.length === guns.length ? 'no multiple-sale report held covers them' : `${unreported.length} of them, known from traces, are on no report held (report${reportedIds.length === 1 ? '' : 's'} ${reportedIds.join(', ')} list the others)`}. ` +
          `A report was due by close of business on ${r.dueDate}` +
          (assume ? '; whether the rifles qualify is not stated on the traces (action or magazine missing).' : '.'),
        evidence: guns.map((g) => ({
          type: g.source === 'tr' ? 'trace' as const : 'multiple_sale_report' as const,
          id: g.recordId,
          date: g.date,
          note: g.source === 'tr' ? `traced: ${g.label}, sold ${g.date}, on no report` : `reported: ${g.label}`,
        })),
      });
    }
  }
  return out;
}
