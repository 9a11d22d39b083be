/**
 * Business days per dealer for the indicators (purchases staggered just outside the five business days). The rule
 * is the domain's (src/domain/business-days.ts); this adapter builds one calendar per dealer from its row.
 */
import { businessDaySpan, makeCalendar, type DealerCalendar } from '../../domain/business-days.js';
import { fromDayNumber } from '../../domain/dates.js';
import type { BusinessDayCounter } from './events.js';

export interface DealerCalendarRow {
  id: number;
  business_days: number[];
  closed_on_federal_holidays: boolean;
}

export function calendarOf(r: Pick<DealerCalendarRow, 'business_days' | 'closed_on_federal_holidays'>): DealerCalendar {
  return makeCalendar({
    openWeekdays: r.business_days.length ? r.business_days : [1, 2, 3, 4, 5],
    closedOnFederalHolidays: r.closed_on_federal_holidays ? 'all' : 'none',
  });
}

/** The business days the stretch from a to b occupies at the dealer (both sale days count), as the rule counts them. */
export function makeBusinessDayCounter(rows: readonly DealerCalendarRow[]): BusinessDayCounter {
  const byId = new Map<number, DealerCalendar>();
  for (const r of rows) byId.set(r.id, calendarOf(r));
  const standard = makeCalendar();
  return (dealerId, a, b) => businessDaySpan(fromDayNumber(a), fromDayNumber(b), (dealerId !== null && byId.get(dealerId)) || standard);
}
