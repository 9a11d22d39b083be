// Purchases and the multiple-sale reports they cause. Only reportable sales are ever written: a single sale stays
// inside the world and surfaces only if the gun is recovered and traced.
import type { MultipleSaleRow } from '../formats/multiple-sales.js';
import type { PaymentMethod } from '../formats/vocab.js';
import type { Gun } from './catalog.js';
import { reportsForForm } from '../domain/multiple-sales.js';
import { type Day, dayOf, isoOf } from './days.js';
import type { Dealer } from './dealers.js';
import { type Person, renderPerson } from './people.js';
import type { Rng } from './rng.js';
import type { World } from './world.js';

export interface Purchase {
  dealer: Dealer;
  day: Day;
  gun: Gun;
  price: number;
  payment: PaymentMethod;
  gunShow?: string;
  /** Set when the sale was written on a multiple-sale report. */
  reported?: boolean;
  /** The buyer as that report wrote him (buyer_* columns): what a trace answered from the report names. */
  reportedBuyer?: Record<string, unknown>;
}

export function lawfulPayment(rng: Rng): PaymentMethod {
  const x = rng.float();
  return x < 0.42 ? 'credit_card' : x < 0.62 ? 'debit_card' : x < 0.87 ? 'cash' : x < 0.93 ? 'financing' : x < 0.97 ? 'check' : 'trade';
}

/**
 * Writes the multiple-sale reports one buyer's purchases call for, dealer by dealer and form by form, and marks the
 * purchases that were reported. Returns the number of reports.
 */
export function reportPurchases(w: World, rng: Rng, buyer: Person, purchases: Purchase[]): number {
  const groups = new Map<string, { dealer: Dealer; form: '3310.4' | '3310.12'; sales: Purchase[] }>();
  for (const p of purchases) {
    const form = w.reportForm(p.dealer, p.gun.model, p.day);
    if (!form) continue;
    const key = `${p.dealer.idx}:${form}`;
    let g = groups.get(key);
    if (!g) {
      g = { dealer: p.dealer, form, sales: [] };
      groups.set(key, g);
    }
    g.sales.push(p);
  }
  let reports = 0;
  for (const g of groups.values()) {
    if (g.sales.length < 2) continue;
    const dated = g.sales.map((p, i) => ({ id: String(i), date: isoOf(p.day) }));
    for (const r of reportsForForm(g.form, dated, g.dealer.calendar)) {
      writeReport(w, rng, buyer, g.dealer, g.form, dayOf(r.dueDate), r.purchaseIds.map((id) => g.sales[Number(id)]), r.connectedSaleDate);
      reports++;
    }
  }
  return reports;
}

function writeReport(
  w: World,
  rng: Rng,
  buyer: Person,
  dealer: Dealer,
  form: '3310.4' | '3310.12',
  day: Day,
  items: Purchase[],
  earlierDate: string | null,
): void {
  const reportId = w.newId('MS-', 'report');
  // Most reports are made the day of the sale, as the rule asks; some dealers are late.
  const lag = rng.chance(0.9) ? 0 : rng.chance(0.7) ? 1 : rng.int(2, 6);
  const reportDay = day + lag;
  const person = renderPerson(rng, w.noise, w.seed, buyer, { at: day, id: true, birthplace: rng.chance(0.8), county: rng.chance(0.7) });
  const buyerCols: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(person)) buyerCols[`buyer_${k}`] = v;
  const police = form === '3310.4' ? `${dealer.city.name} Police Department` : undefined;
  const sink = w.sinks.multiple_sales;
  items.forEach((p, i) => {
    const g = p.gun;
    const row: MultipleSaleRow = {
      report_id: reportId,
      item_seq: i + 1,
      form,
      report_date: isoOf(reportDay),
      dealer_licence_number: dealer.licence,
      dealer_name: dealer.name,
      dealer_street: dealer.street,
      dealer_city: dealer.city.name,
      dealer_state: dealer.city.state,
      dealer_postcode: dealer.postcode,
      connected_to_earlier: earlierDate !== null,
      earlier_sale_date: earlierDate ?? undefined,
      gun_show_or_event: p.gunShow,
      manufacturer: w.spellMaker(rng, g.model.maker),
      importer: g.model.importer ? w.spellMaker(rng, g.model.importer) : undefined,
      model: g.model.model,
      serial: g.serial,
      type: g.model.type,
      caliber: w.spellCaliber(rng, g.model.caliber),
      action: g.model.action,
      country_of_origin: g.model.country,
      detachable_magazine: g.model.type === 'rifle' ? g.model.detachable : undefined,
      transfer_date: isoOf(p.day),
      ...(buyerCols as Pick<MultipleSaleRow, 'buyer_surname' | 'buyer_given_name' | 'buyer_dob'>),
      police_agency: police,
      police_notified_date: police ? isoOf(reportDay + (rng.chance(0.8) ? 0 : 1)) : undefined,
      payment_method: p.payment,
    } as MultipleSaleRow;
    sink.write(row);
    w.truth('multiple_sales', `${reportId}/${i + 1}`, 'buyer', buyer, g);
    p.reported = true;
    p.reportedBuyer = buyerCols;
  });
  w.stats.multipleSaleItems += items.length;
  w.stats.multipleSaleReports++;
}
