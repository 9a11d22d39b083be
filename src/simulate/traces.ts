// A recovered gun: the trace request an agency files, the results the tracing center records hop by hop, or, when
// the request has not come in by the end of the world, a recovery not yet traced.
import type { RecoveryRow } from '../formats/recoveries.js';
import type { AssociateRow, TraceRequestRow } from '../formats/trace-requests.js';
import type { TraceResultRow } from '../formats/trace-results.js';
import type { NotCompletedReason } from '../formats/vocab.js';
import { UNKNOWN, serialMatchKey } from '../domain/serial.js';
import type { Gun } from './catalog.js';
import { type Day, isoOf } from './days.js';
import type { Dealer } from './dealers.js';
import { ANGLO_MALE, ANGLO_SURNAMES } from './names.js';
import { misreadSerial, obliterateSerial } from './noise.js';
import { type Person, renderPerson } from './people.js';
import { ATF_MEXICO_OFFICE, type City, type MxCity, agenciesOf } from './places.js';
import { type Rng, Weighted } from './rng.js';
import type { World } from './world.js';

export type Place = { country: 'US'; city: City; address?: string } | { country: 'MX'; city: MxCity; address?: string };

export interface RecoverySpec {
  gun: Gun;
  /**
   * The first retail sale, when there was one; `reported` when it was written on a multiple-sale report, and
   * `reportedBuyer` the buyer_* columns as that report wrote them.
   */
  sale?: { dealer: Dealer; day: Day; buyer: Person; reported?: boolean; reportedBuyer?: Record<string, unknown> };
  /** The gun was stolen from this dealer's inventory (no retail sale); the dealer's theft report names it. */
  stolenFrom?: { dealer: Dealer; day: Day };
  recoveryDay: Day;
  place: Place;
  possessor?: Person;
  associates?: { person: Person; relationship: string }[];
  crime: keyof typeof NCIC;
  /** Forces the outcome (e.g. a pre-1968 gun). */
  reason?: NotCompletedReason;
  /** For the truth file: why this gun was recovered ("ring:R3", "background", ...). */
  origin: string;
  /** The recovery is reported but its trace request has not come in by the world's end (US recoveries only). */
  untraced?: boolean;
}

const NCIC: Readonly<Record<string, string>> = {
  homicide: '0999',
  assault: '1399',
  robbery: '1299',
  drugs: '3599',
  weapons: '5299',
  carrying: '5212',
  smuggling: '5207',
  found: '7399',
  stolen: '2804',
};

const URGENT_WHY = ['homicide investigation, suspect at large', 'officer-involved shooting', 'armed robbery series, suspect identified', 'imminent threat to a witness', 'multiple firearms seized at the border'];

const OTHER_REASONS = Weighted.of<NotCompletedReason | 'completed'>([
  ['completed', 81.5],
  ['invalid_markings', 11],
  ['no_record_at_maker_or_importer', 1.5],
  ['insufficient_information', 1.5],
  ['dealer_did_not_respond', 0.8],
  ['duplicate_request', 0.8],
  ['stopped_by_requester', 0.7],
  ['privately_made_no_serial', 0.4],
]);

function officer(rng: Rng): string {
  return `${rng.pick(['Det.', 'Ofc.', 'Sgt.', 'Agent'])} ${rng.pick(ANGLO_MALE)[0]}. ${rng.pick(ANGLO_SURNAMES)}`;
}

function pad(n: number, len: number): string {
  return String(n).padStart(len, '0');
}

/** Writes what one recovery produces. Returns whether a trace request was written. */
export function emitRecovery(w: World, rng: Rng, spec: RecoverySpec): boolean {
  const { gun, place } = spec;
  const mexico = place.country === 'MX';
  // Mexican submissions often reached the tracing center a year or more after the recovery (DOMAIN.md).
  const requestDay = spec.untraced && !mexico ? w.cfg.end + 1 : spec.recoveryDay + (mexico ? Math.round(rng.exp(150)) + 10 : rng.chance(0.6) ? rng.int(0, 7) : rng.int(8, 60));
  const obliterated = w.noise.roll(rng, 'serialObliterated');
  const serialRead = obliterated ? (rng.chance(0.4) ? '' : obliterateSerial(rng, gun.serial)) : w.noise.roll(rng, 'serialMisread') ? misreadSerial(rng, gun.serial) : gun.serial;
  const agency = place.country === 'US' ? rng.pick(agenciesOf(place.city)) : undefined;
  const lat = Math.round((place.city.lat + rng.normal(0, 0.03)) * 10_000) / 10_000;
  const lon = Math.round((place.city.lon + rng.normal(0, 0.03)) * 10_000) / 10_000;
  const address = place.address ?? `${rng.int(1, 99) * 100} block ${rng.pick(['N', 'S', 'E', 'W'])} ${rng.pick(['Main', 'Central', 'Grand', 'Mission', 'Alameda', 'Juarez', 'Hidalgo', 'Reforma', 'Oak', 'Palm'])} ${rng.pick(['St', 'Ave', 'Blvd', 'Rd'])}`;
  const firearm = {
    manufacturer: w.spellMaker(rng, gun.model.maker),
    importer: gun.model.importer ? w.spellMaker(rng, gun.model.importer) : undefined,
    model: rng.chance(0.93) ? gun.model.model : undefined,
    serial: serialRead || undefined,
    type: gun.model.type,
    caliber: w.spellCaliber(rng, gun.model.caliber),
    country_of_origin: gun.model.country,
  };
  const recovery = {
    recovery_date: isoOf(spec.recoveryDay),
    recovery_address: address,
    recovery_city: place.city.name,
    recovery_state: place.country === 'US' ? place.city.state : undefined,
    recovery_mx_state: place.country === 'MX' ? place.city.state : undefined,
    recovery_country: place.country,
    recovery_lat: lat,
    recovery_lon: lon,
  };
  const possessorCols: Record<string, unknown> = {};
  if (spec.possessor) {
    const p = renderPerson(rng, w.noise, w.seed, spec.possessor, { at: spec.recoveryDay, id: rng.chance(0.6), body: rng.chance(0.7), birthplace: rng.chance(0.4), phone: rng.chance(0.15) });
    for (const [k, v] of Object.entries(p)) possessorCols[`possessor_${k}`] = v;
  }

  if (requestDay > w.cfg.end) {
    // Not traced yet: only agencies in the US report recoveries directly.
    if (!agency) return false;
    const recoveryId = w.newId('REC-', 'recovery');
    const row: RecoveryRow = {
      recovery_id: recoveryId,
      agency_ori: agency.ori,
      agency_case_number: `${isoOf(spec.recoveryDay).slice(2, 4)}-${pad(rng.int(1, 999_999), 6)}`,
      officer_name: officer(rng),
      ncic_code: NCIC[spec.crime],
      ...firearm,
      action: gun.model.action,
      serial_obliterated: obliterated,
      ...recovery,
      ...possessorCols,
    } as RecoveryRow;
    w.sinks.recoveries.write(row);
    w.truth('recoveries', recoveryId, 'possessor', spec.possessor, gun);
    w.stats.recoveriesUntraced++;
    return false;
  }

  const requestId = w.newId('T-', 'trace');
  const urgent = rng.chance(spec.crime === 'homicide' ? 0.3 : 0.03);
  const associates: AssociateRow[] = [];
  for (const a of spec.associates ?? []) {
    associates.push({ ...(renderPerson(rng, w.noise, w.seed, a.person, { at: spec.recoveryDay, id: rng.chance(0.3) }) as AssociateRow), relationship: a.relationship });
  }
  const req: TraceRequestRow = {
    request_id: requestId,
    request_date: isoOf(requestDay),
    priority: urgent ? 'urgent' : 'routine',
    urgent_justification: urgent ? rng.pick(URGENT_WHY) : undefined,
    ncic_code: NCIC[spec.crime],
    requester_ori: agency?.ori,
    requester_agency: agency?.name,
    officer_name: agency ? officer(rng) : undefined,
    officer_badge: agency ? String(rng.int(100, 99_999)) : undefined,
    agency_case_number: agency ? `${isoOf(spec.recoveryDay).slice(2, 4)}-${pad(rng.int(1, 999_999), 6)}` : undefined,
    contact_phone: agency ? `${rng.int(200, 989)}-555-01${pad(rng.int(0, 99), 2)}` : undefined,
    atf_agent: mexico ? officer(rng).replace(/^\S+/, 'SA') : undefined,
    atf_office: mexico ? ATF_MEXICO_OFFICE : undefined,
    atf_case_number: mexico ? `ATF-${pad(rng.int(760_000, 789_999), 6)}-${pad(rng.int(1, 30), 2)}-${pad(rng.int(1, 9999), 4)}` : undefined,
    ...firearm,
    serial_obliterated: obliterated,
    ...recovery,
    ...possessorCols,
    associates: associates.length ? associates : undefined,
  } as TraceRequestRow;
  w.sinks.trace_requests.write(req);
  w.stats.traceRequests++;
  if (spec.possessor) w.truth('trace_requests', requestId, 'possessor', spec.possessor, gun);
  else w.truth('trace_requests', requestId, 'gun', undefined, gun);
  (spec.associates ?? []).forEach((a, i) => w.truth('trace_requests', `${requestId}#associate${i + 1}`, 'associate', a.person));

  traceResults(w, rng, spec, requestId, requestDay, urgent, obliterated && !serialRead.replace(/\?/g, '').length ? 'serial_obliterated' : undefined, answeredFromRecords(spec, serialRead));
  return true;
}

/**
 * Whether the tracing center holds a record naming this gun when the request arrives: a multiple-sale report of its
 * sale or the dealer's theft report, found by the serial as the request gives it (misreads fold to the same match
 * key; an obliterated or missing serial finds nothing). Such a trace is completed from that record at once
 * (src/features/tracing answers it at submission), so the result must not say otherwise.
 */
export function answeredFromRecords(spec: Pick<RecoverySpec, 'gun' | 'sale' | 'stolenFrom'>, serialRead: string): boolean {
  if (!spec.sale?.reported && !spec.stolenFrom) return false;
  const key = serialMatchKey(serialRead);
  return key !== '' && !key.includes(UNKNOWN) && key === serialMatchKey(spec.gun.serial);
}

function traceResults(w: World, rng: Rng, spec: RecoverySpec, requestId: string, requestDay: Day, urgent: boolean, forced: NotCompletedReason | undefined, answered: boolean): void {
  const resultDay = requestDay + (urgent ? rng.int(0, 1) : Math.round(rng.exp(5)) + 1);
  if (resultDay > w.cfg.end) {
    w.stats.tracesInProgress++;
    return;
  }
  const { gun } = spec;
  let reason: NotCompletedReason | 'completed' = spec.reason ?? forced ?? OTHER_REASONS.draw(rng);
  const retail = spec.sale?.dealer ?? spec.stolenFrom?.dealer;
  if (reason === 'completed' && retail && Number.isFinite(retail.oobDay) && retail.oobDay < requestDay && rng.chance(0.3)) {
    reason = 'dealer_out_of_business_record_not_found';
  }
  if (reason === 'completed' && !retail) reason = 'insufficient_information';
  // Drawn above all the same, so the random streams do not shift with the records held.
  if (answered) {
    if (reason !== 'completed') w.stats.answeredFromRecords++;
    reason = 'completed';
  }
  const rows: TraceResultRow[] = [];
  const result = isoOf(resultDay);
  const hop = (r: Omit<TraceResultRow, 'request_id' | 'hop_seq' | 'result_date'>) =>
    rows.push({ request_id: requestId, hop_seq: rows.length + 1, result_date: result, ...r } as TraceResultRow);

  const stopsAtOnce = reason !== 'completed' && reason !== 'dealer_out_of_business_record_not_found' && reason !== 'dealer_did_not_respond';
  if (!stopsAtOnce && retail) {
    const saleDay = spec.sale?.day ?? spec.stolenFrom?.day ?? requestDay;
    const retailReceived = saleDay - rng.int(3, 240);
    const wholesalers = rng.chance(0.15) ? 0 : rng.chance(0.82) ? 1 : 2;
    const chainStart = retailReceived - rng.int(2, 20) - wholesalers * rng.int(10, 120);
    let shipped: Day;
    const first = gun.model.importer ? w.dealers.importer(gun.model.importer) : w.dealers.maker(gun.model.maker);
    let received = chainStart - rng.int(5, 60);
    hop({
      role: gun.model.importer ? 'importer' : 'manufacturer',
      licence_number: first?.licence,
      name: first?.name ?? gun.model.maker,
      received_date: isoOf(received),
      disposed_date: isoOf(chainStart),
    });
    received = chainStart;
    for (let i = 0; i < wholesalers; i++) {
      const ws = rng.pick(w.dealers.wholesalers);
      // Hand-offs spread evenly between the first shipment and the retailer's receipt, so dates never run backwards.
      shipped = i === wholesalers - 1 ? retailReceived : chainStart + Math.floor(((retailReceived - chainStart) * (i + 1)) / wholesalers);
      hop({ role: 'wholesaler', licence_number: ws.licence, name: ws.name, received_date: isoOf(received), disposed_date: isoOf(shipped) });
      received = shipped;
    }
    if (reason === 'completed') {
      let buyerCols: Record<string, unknown> = {};
      if (answered && spec.sale?.reportedBuyer) {
        // Answered from the multiple-sale report the center holds: its result is that report's buyer, as written
        // there. An independent transcription (other typos) would read as a second source disagreeing with it.
        buyerCols = spec.sale.reportedBuyer;
      } else if (spec.sale) {
        const b = renderPerson(rng, w.noise, w.seed, spec.sale.buyer, { at: spec.sale.day, id: true, birthplace: rng.chance(0.7), county: rng.chance(0.3) });
        for (const [k, v] of Object.entries(b)) buyerCols[`buyer_${k}`] = v;
      }
      hop({
        role: 'retailer',
        licence_number: retail.licence,
        name: retail.name,
        received_date: isoOf(retailReceived),
        disposed_date: spec.sale ? isoOf(spec.sale.day) : undefined,
        sale_date: spec.sale ? isoOf(spec.sale.day) : undefined,
        ...buyerCols,
      });
    }
  }
  if (reason !== 'completed') {
    hop({ not_completed_reason: reason });
    w.stats.notCompleted[reason] = (w.stats.notCompleted[reason] ?? 0) + 1;
  } else {
    w.stats.tracesCompleted++;
    if (spec.sale) w.ttc.add(spec.recoveryDay - spec.sale.day);
  }
  for (const r of rows) {
    w.sinks.trace_results.write(r);
    if (r.role === 'retailer' && spec.sale) w.truth('trace_results', `${requestId}/${r.hop_seq}`, 'buyer', spec.sale.buyer, gun);
  }
}
