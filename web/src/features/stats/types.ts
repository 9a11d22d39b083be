/** Shapes of the statistics API (src/features/stats): what the pages read. */

export interface Count {
  key: string;
  label: string;
  count: number;
}

export interface Turnaround {
  priority: 'urgent' | 'routine';
  targetHours: number;
  completed: number;
  withinTarget: number;
  withinTargetShare: number | null;
  medianHours: number | null;
  p90Hours: number | null;
  open: number;
  overdueOpen: number;
}

export interface StatsFigures {
  totals: { traces: number; completed: number; notCompleted: number; open: number; urgent: number; obliterated: number; usSourced: number; firstDate: string | null; lastDate: string | null };
  byType: Count[];
  byCaliber: Count[];
  byMaker: Count[];
  timeToCrime: { brackets: Count[]; known: number; meanDays: number | null; medianDays: number | null; meanYears: number | null; medianYears: number | null; shortShare: number | null };
  sourceStates: Count[];
  recoveryPlaces: Count[];
  recoveryCities: Count[];
  crimeCategories: Count[];
  crimeCodes: Count[];
  possessorAge: { brackets: Count[]; known: number; meanYears: number | null; medianYears: number | null };
  completion: { completed: number; notCompleted: number; open: number; completionRate: number | null; byStatus: Count[]; reasons: Count[] };
  turnaround: Turnaround[];
  byMonth: Count[];
}

export interface StatsResult {
  scope: { description: string; national: boolean };
  asOf: string;
  figures: StatsFigures;
}

export interface ReportRow {
  label: string;
  count: number | null;
  display: string;
  percent: number | null;
}

export interface ReportSection {
  id: string;
  title: string;
  chart: 'bar' | 'histogram' | 'none';
  base: { label: string; count: number | null; display: string };
  rows: ReportRow[];
  note?: string;
}

export interface TraceReport {
  kind: 'state' | 'mexico';
  title: string;
  place: { code: string; name: string };
  year: number;
  scope: string;
  generatedAt: string;
  release: boolean;
  minCell: number | null;
  disclaimer: string;
  notes: string[];
  headline: Array<{ label: string; value: string }>;
  sections: ReportSection[];
}

export interface MapPlace {
  key: string;
  name: string;
  lat: number | null;
  lon: number | null;
}

export interface MapData {
  scope: string;
  period: 'year' | 'month';
  cell: number;
  periods: string[];
  recoveries: Array<{ period: string; lat: number; lon: number; count: number }>;
  places: Array<MapPlace & { period: string; count: number }>;
  dealers: Array<{ id: number; licence: string; name: string; city: string | null; state: string | null; lat: number | null; lon: number | null; approximate: boolean; counts: Record<string, number>; total: number }>;
  flows: Array<{ period: string; from: MapPlace; to: MapPlace; count: number }>;
}
