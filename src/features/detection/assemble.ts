/**
 * Turns the rows of features.repository.ts into subject events, and walks the three ordered streams (reports,
 * traces, tips) together one subject at a time.
 */
import type { CursorReader } from './cursor.js';
import type { GunItem, ReportEvent, SubjectEvent, TipEvent, TraceEvent } from './events.js';
import type { ReportRow, TipRow, TraceRow } from './features.repository.js';
import { favouredType, modelKey, type FavouredType } from './trafficking-types.js';

interface GunInfo {
  model: string;
  label: string;
  favoured: FavouredType | null;
}

/** Classifies each distinct maker/model/caliber/type once: a million items have a few thousand distinct guns. */
export class GunClassifier {
  private cache = new Map<string, GunInfo>();

  info(maker: string | null, model: string | null, caliber: string | null, type: string | null): GunInfo {
    const key = `${maker ?? ''}|${model ?? ''}|${caliber ?? ''}|${type ?? ''}`;
    let g = this.cache.get(key);
    if (!g) {
      const d = { maker, model, caliber, type };
      g = {
        model: modelKey(d),
        label: [maker, model, caliber].filter((x) => x && x.trim()).join(' ') || 'gun of unknown make',
        favoured: favouredType(d),
      };
      if (this.cache.size < 200_000) this.cache.set(key, g);
    }
    return g;
  }

  /** `maker|model|caliber|type` as the report query packs it: the same string as the cache key, so a hit costs no split. */
  fromPacked(packed: string): GunInfo {
    const hit = this.cache.get(packed);
    if (hit) return hit;
    const [maker, model, caliber, type] = packed.split('|');
    return this.info(maker || null, model || null, caliber || null, type || null);
  }
}

export function reportEvent(r: ReportRow, guns: GunClassifier): ReportEvent {
  const items: GunItem[] = r.firearm_ids.map((id, k) => {
    const g = guns.fromPacked(r.guns[k]);
    return { firearmId: id, day: r.days[k], model: g.model, label: g.label, favoured: g.favoured };
  });
  return {
    kind: 'report', reportId: r.report_id, knownDay: r.known_day, dealerId: r.dealer_id, dealerLicence: r.dealer_licence,
    form: r.form, connected: r.connected, cash: r.cash, guns: items,
  };
}

export function traceEvent(t: TraceRow, guns: GunClassifier): TraceEvent {
  const g = guns.info(t.maker, t.model, t.caliber, t.firearm_type);
  return {
    kind: 'trace', traceId: t.trace_id, knownDay: t.known_day, dealerId: t.dealer_id, dealerLicence: t.dealer_licence,
    dealerState: t.dealer_state, buyerState: t.buyer_state,
    gun: { firearmId: t.firearm_id, day: t.sale_day ?? t.known_day, ...g },
    saleDay: t.sale_day, recoveredDay: t.recovered_day, ttcDays: t.ttc_days, country: t.country,
    recoveryState: t.recovery_state, recoveryMxState: t.recovery_mx_state, obliterated: t.obliterated,
    possessorDiffers: t.possessor_differs, cash: t.cash, msrReportId: t.msr_report_id, msrDay: t.msr_day,
    coRecoveredWith: (t.co_subjects ?? []).filter((s) => s !== t.subject_id),
  };
}

export function tipEvent(t: TipRow): TipEvent {
  return { kind: 'tip', tipId: t.tip_id, knownDay: t.known_day, dealerLicence: t.dealer_licence, summary: t.summary };
}

/** Yields [subjectId, events] in subject order, merging the three streams. */
export async function* subjectsInOrder(
  reports: CursorReader<ReportRow>,
  traces: CursorReader<TraceRow>,
  tips: CursorReader<TipRow>,
  guns: GunClassifier,
): AsyncGenerator<[number, SubjectEvent[]]> {
  for (;;) {
    const [r, t, p] = [await reports.peek(), await traces.peek(), await tips.peek()];
    const ids = [r?.subject_id, t?.subject_id, p?.subject_id].filter((x): x is number => x !== undefined);
    if (ids.length === 0) return;
    const subject = Math.min(...ids);
    const events: SubjectEvent[] = [];
    for (let row = await reports.peek(); row && row.subject_id === subject; row = await reports.peek()) {
      events.push(reportEvent(row, guns));
      await reports.next();
    }
    for (let row = await traces.peek(); row && row.subject_id === subject; row = await traces.peek()) {
      events.push(traceEvent(row, guns));
      await traces.next();
    }
    for (let row = await tips.peek(); row && row.subject_id === subject; row = await tips.peek()) {
      events.push(tipEvent(row));
      await tips.next();
    }
    yield [subject, events];
  }
}
