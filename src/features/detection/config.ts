/**
 * Every weight, window and threshold detection uses, in one place, so that a run records exactly what it applied
 * (detection_runs.params) and an analyst can read why a score is what it is. Points add up; a person reaching
 * `threshold` is flagged and alerted on. docs/detection.md explains each indicator and how the weights were set.
 */
export interface IndicatorWeight {
  /** Points for the first occurrence. */
  first: number;
  /** Points for each further occurrence. */
  each: number;
  /** Most points the indicator can give. */
  cap: number;
}

export interface DetectionConfig {
  /** Score at which a person is flagged (and an alert raised). */
  threshold: number;
  /** Score from which a person is shown as elevated. */
  elevated: number;
  windows: {
    /** Days in which purchases at several dealers count as "many dealers". */
    manyDealersDays: number;
    /** Distinct dealers within that window that count as many. */
    manyDealersMin: number;
    /** Days over which velocity (guns bought) is measured. */
    velocityDays: number;
    velocityMin: number;
    /** A buyer is "new" for this many days after the first purchase known. */
    newBuyerDays: number;
    newBuyerMin: number;
    /** Purchases of the same model (maker and model) within sameModelDays that count as "again and again". */
    sameModelMin: number;
    sameModelDays: number;
    /** A second velocity window: this many guns within velocityLongDays. */
    velocityLongDays: number;
    velocityLongMin: number;
    /** Business days between two sales at one dealer that are "just outside" the five-day window. */
    staggerMaxBusinessDays: number;
    staggerMinOccurrences: number;
    /** Recovered within this many days of a multiple sale: "soon after". */
    msRecoveredSoonDays: number;
    /** An attribute (address, phone, payer, vehicle) shared by more subjects than this is too common to mean much. */
    linkMaxGroup: number;
    /** Favoured types count when at least this many were bought and they are at least this share of all guns. */
    favouredMin: number;
    favouredShare: number;
    /** Cash counts when at least this many multiple sales were paid in cash and they are at least this share. */
    cashMinReports: number;
    cashShare: number;
    /** Guns on one multiple sale paid in cash that count as cash on their own. */
    cashBulkGuns: number;
    /** Days between two new buyers' favoured purchases at one dealer that count as buying together. */
    coPurchaseDays: number;
    /** A purchase is a new buyer's within this many days of the buyer's first reported multiple sale. */
    coPurchaseNewDays: number;
    /** Dealers this close (km) count as one place for co-purchases: a ring spreads over its metro area's shops. 0: one dealer only. */
    coPurchaseKm: number;
    /** Favoured guns each purchase must take at once for same-dealer co-purchases to count. */
    coPurchaseMin: number;
    /** Favoured guns each purchase must take at once for nearby (not same-dealer) co-purchases to count. */
    coPurchaseNearbyMin: number;
    /** Two buyers' guns sold by one dealer within this many days, both recovered in Mexico within mexicoPairTtcDays. */
    mexicoPairDays: number;
    mexicoPairTtcDays: number;
    /** A purchase this far (km) from the buyer's town is a trip; buyers of one town making it to one dealer within travelDays pair up. */
    travelKm: number;
    travelDays: number;
    /** Traced guns count for travel pairs when recovered within this many days of the sale. */
    travelTtcDays: number;
  };
  person: Record<PersonIndicatorCode, IndicatorWeight>;
  dealer: {
    /** Strength of the prior (in expected short-TTC traces) that pulls small dealers' rates to the average. */
    priorStrength: number;
    /** Rate ratio at which a dealer is elevated and high. */
    elevatedRatio: number;
    highRatio: number;
    /** Fewest short-TTC traces before a dealer can be rated high at all. */
    minShortTtc: number;
  };
}

export const PERSON_INDICATORS = [
  'short_ttc_1y',
  'short_ttc_3y',
  'possessor_not_buyer',
  'recovered_mexico',
  'recovered_other_state',
  'obliterated_serial',
  'ms_recovered_soon',
  'recovered_with_others',
  'same_model',
  'cash',
  'many_dealers',
  'new_buyer_volume',
  'velocity',
  'staggered',
  'linked_chain',
  'favoured_types',
  'dealer_tip',
  'shared_link_suspect',
  'unreported_multiple_sale',
  'co_purchase',
  'mexico_with_others',
  'travelled_with_others',
] as const;
export type PersonIndicatorCode = (typeof PERSON_INDICATORS)[number];

export const DEFAULT_CONFIG: DetectionConfig = {
  threshold: 50,
  elevated: 25,
  windows: {
    manyDealersDays: 30,
    manyDealersMin: 3,
    velocityDays: 30,
    velocityMin: 10,
    newBuyerDays: 30,
    newBuyerMin: 6,
    sameModelMin: 4,
    sameModelDays: 90,
    velocityLongDays: 90,
    velocityLongMin: 8,
    staggerMaxBusinessDays: 8,
    staggerMinOccurrences: 2,
    msRecoveredSoonDays: 365,
    linkMaxGroup: 12,
    favouredMin: 2,
    favouredShare: 0.6,
    cashMinReports: 2,
    cashShare: 0.75,
    cashBulkGuns: 8,
    coPurchaseDays: 7,
    coPurchaseNewDays: 60,
    coPurchaseKm: 40,
    coPurchaseMin: 1,
    coPurchaseNearbyMin: 3,
    mexicoPairDays: 90,
    mexicoPairTtcDays: 365,
    travelKm: 80,
    travelDays: 365,
    travelTtcDays: 1095,
  },
  person: {
    short_ttc_1y: { first: 15, each: 12, cap: 45 },
    short_ttc_3y: { first: 5, each: 4, cap: 15 },
    possessor_not_buyer: { first: 3, each: 3, cap: 12 },
    recovered_mexico: { first: 18, each: 10, cap: 40 },
    recovered_other_state: { first: 4, each: 4, cap: 12 },
    obliterated_serial: { first: 12, each: 6, cap: 24 },
    ms_recovered_soon: { first: 5, each: 4, cap: 12 },
    recovered_with_others: { first: 35, each: 5, cap: 45 },
    same_model: { first: 10, each: 5, cap: 20 },
    cash: { first: 10, each: 3, cap: 18 },
    many_dealers: { first: 12, each: 6, cap: 30 },
    new_buyer_volume: { first: 10, each: 5, cap: 20 },
    velocity: { first: 8, each: 4, cap: 20 },
    staggered: { first: 15, each: 5, cap: 25 },
    linked_chain: { first: 3, each: 2, cap: 8 },
    favoured_types: { first: 12, each: 3, cap: 25 },
    dealer_tip: { first: 12, each: 4, cap: 20 },
    shared_link_suspect: { first: 20, each: 8, cap: 36 },
    unreported_multiple_sale: { first: 8, each: 4, cap: 16 },
    co_purchase: { first: 15, each: 10, cap: 35 },
    mexico_with_others: { first: 10, each: 8, cap: 26 },
    travelled_with_others: { first: 10, each: 8, cap: 26 },
  },
  dealer: { priorStrength: 3, elevatedRatio: 2, highRatio: 4, minShortTtc: 5 },
};

/** Overrides on top of the defaults (CLI flags, tests). */
export function withConfig(over: DeepPartial<DetectionConfig> = {}): DetectionConfig {
  return {
    threshold: over.threshold ?? DEFAULT_CONFIG.threshold,
    elevated: over.elevated ?? DEFAULT_CONFIG.elevated,
    windows: { ...DEFAULT_CONFIG.windows, ...(over.windows ?? {}) } as DetectionConfig['windows'],
    person: Object.fromEntries(
      PERSON_INDICATORS.map((c) => [c, { ...DEFAULT_CONFIG.person[c], ...(over.person?.[c] ?? {}) }]),
    ) as DetectionConfig['person'],
    dealer: { ...DEFAULT_CONFIG.dealer, ...(over.dealer ?? {}) } as DetectionConfig['dealer'],
  };
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** Points for n occurrences of an indicator under a weight: first, then each, never above the cap. */
export function pointsFor(w: IndicatorWeight, n: number): number {
  if (n <= 0) return 0;
  return Math.min(w.cap, w.first + (n - 1) * w.each);
}
