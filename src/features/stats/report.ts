/**
 * A report in the shape of ATF's annual "Firearms Trace Data" reports for a state, and for Mexico: the same
 * tables in the same order, for one place and one year, with the standard disclaimer. In release mode small
 * counts are hidden (suppress.ts). Pure: it formats figures already computed.
 */
import { stringify } from 'csv-stringify/sync';
import type { Count, StatsFigures } from './figures.js';
import { SECONDARY_MARK, suppressCounts, suppressOne, suppressedLabel } from './suppress.js';

/** ATF's own wording on every trace data report; releases must carry it. */
export const DISCLAIMER =
  'The firearms selected for tracing are not chosen for purposes of determining which types, makes or models of ' +
  'firearms are used for illicit purposes. The firearms selected do not constitute a random sample and should not ' +
  'be considered representative of the larger universe of all firearms used by criminals, or any subset of that ' +
  'universe. Firearms are normally traced to the first retail seller, and sources reported for firearms traced do ' +
  'not necessarily represent the sources or methods by which firearms in general are acquired for use in crime.';

export type ReportKind = 'state' | 'mexico';

export interface ReportRow {
  label: string;
  /** null when hidden for release. */
  count: number | null;
  display: string;
  /** Share of the section's base, 0..100, one decimal; null when hidden or without a base. */
  percent: number | null;
}

export interface ReportSection {
  id: string;
  title: string;
  /** Which chart the page draws: bars for categories, a histogram for ordered brackets. */
  chart: 'bar' | 'histogram' | 'none';
  /** What the percentages are of. */
  base: { label: string; count: number | null; display: string };
  rows: ReportRow[];
  note?: string;
}

export interface TraceReport {
  kind: ReportKind;
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

export interface ReportInput {
  kind: ReportKind;
  place: { code: string; name: string };
  year: number;
  scope: string;
  figures: StatsFigures;
  release: boolean;
  minCell: number;
  generatedAt: Date;
}

function section(
  id: string,
  title: string,
  chart: ReportSection['chart'],
  rows: Count[],
  base: { label: string; count: number },
  r: ReportInput,
  note?: string,
): ReportSection {
  const counts = rows.map((x) => x.count);
  const released = r.release ? suppressCounts(counts, r.minCell, true) : counts.map((c) => ({ count: c, display: String(c) }));
  const baseCell = r.release ? suppressOne(base.count, r.minCell) : { count: base.count, display: String(base.count) };
  return {
    id,
    title,
    chart,
    base: { label: base.label, count: baseCell.count, display: baseCell.display },
    rows: rows.map((x, i) => {
      const c = released[i]!;
      const percent = c.count != null && baseCell.count ? Number(((100 * c.count) / baseCell.count).toFixed(1)) : null;
      return { label: x.label, count: c.count, display: c.display, percent };
    }),
    ...(note ? { note } : {}),
  };
}

function years(x: number | null): string {
  return x == null ? 'n/a' : `${x.toFixed(2)} years`;
}

export function buildReport(r: ReportInput): TraceReport {
  const f = r.figures;
  const where = r.place.name;
  const total = f.totals.traces;
  const show = (n: number): string => (r.release ? suppressOne(n, r.minCell).display : String(n));
  // A mean over fewer guns than the threshold describes those few guns: hide it with them.
  const meanTtc = r.release && f.timeToCrime.known < r.minCell ? suppressedLabel(r.minCell) : years(f.timeToCrime.meanYears);
  const medianTtc = r.release && f.timeToCrime.known < r.minCell ? suppressedLabel(r.minCell) : years(f.timeToCrime.medianYears);

  const headline = [
    { label: `Firearms recovered and traced in ${where}, ${r.year}`, value: show(total) },
    { label: 'Traces completed', value: show(f.totals.completed) },
    { label: r.kind === 'mexico' ? 'Traced to a US retail source' : 'With a known US retail source', value: show(f.totals.usSourced) },
    { label: 'Average time-to-crime', value: meanTtc },
    { label: 'Median time-to-crime', value: medianTtc },
  ];

  const sections: ReportSection[] = [];
  sections.push(
    section(
      'source-states',
      `Top source states for firearms with a US source recovered in ${where} and traced`,
      'bar',
      f.sourceStates,
      { label: 'firearms with a US source', count: f.totals.usSourced },
      r,
      r.kind === 'state' ? `Includes firearms bought in ${where} itself.` : undefined,
    ),
  );
  if (r.kind === 'mexico') {
    sections.push(section('recovery-states', `Mexican states where the firearms were recovered`, 'bar', f.recoveryPlaces, { label: 'firearms traced', count: total }, r));
  }
  sections.push(section('types', 'Types of firearms recovered and traced', 'bar', f.byType, { label: 'firearms traced', count: total }, r));
  sections.push(section('calibers', 'Top calibers of firearms recovered and traced', 'bar', f.byCaliber, { label: 'firearms traced', count: total }, r));
  sections.push(section('makers', 'Top manufacturers of firearms recovered and traced', 'bar', f.byMaker, { label: 'firearms traced', count: total }, r));
  sections.push(
    section(
      'time-to-crime',
      'Time-to-crime: time from first retail sale to recovery',
      'histogram',
      f.timeToCrime.brackets,
      { label: 'firearms with a known time-to-crime', count: f.timeToCrime.known },
      r,
      `Average ${meanTtc}; median ${medianTtc}. A time-to-crime of 3 years or less is a trafficking indicator.`,
    ),
  );
  sections.push(section('crimes', 'Top categories of crime at recovery (NCIC offence codes)', 'bar', f.crimeCategories, { label: 'firearms traced', count: total }, r));
  sections.push(
    section('ages', 'Age of possessors', 'histogram', f.possessorAge.brackets, { label: 'firearms with a possessor of known age', count: f.possessorAge.known }, r),
  );
  sections.push(section('cities', `Top recovery cities`, 'bar', f.recoveryCities, { label: 'firearms traced', count: total }, r));
  sections.push(
    section('outcomes', 'Trace outcomes: traces not completed, by reason', 'bar', f.completion.reasons, { label: 'traces not completed', count: f.completion.notCompleted }, r),
  );

  const notes = [
    `Counts are trace requests for firearms recovered in ${where} from ${r.year}-01-01 to ${r.year}-12-31 (by recovery date; ` +
      'by submission date when no recovery was recorded).',
    'A source state is the state of the retail dealer who first sold the firearm; "All others" sums the rows not listed.',
  ];
  if (r.release) {
    notes.push(
      `Counts from 1 to ${r.minCell - 1} are shown as "${suppressedLabel(r.minCell)}". Where a single hidden count could be worked out ` +
        `from the total, the next smallest count is hidden too and shown as "${SECONDARY_MARK}".`,
    );
  }
  else notes.push('NOT FOR RELEASE: exact counts, for law enforcement use in a criminal investigation only.');

  return {
    kind: r.kind,
    title: `Firearms Trace Data: ${where}, ${r.year}`,
    place: r.place,
    year: r.year,
    scope: r.scope,
    generatedAt: r.generatedAt.toISOString(),
    release: r.release,
    minCell: r.release ? r.minCell : null,
    disclaimer: DISCLAIMER,
    notes,
    headline,
    sections,
  };
}

/** One table: section, label, count (as shown), percent. Metadata first, so a spreadsheet shows what it holds. */
export function reportToCsv(rep: TraceReport): string {
  const rows: Array<Array<string | number>> = [['section', 'label', 'count', 'percent']];
  rows.push(['report', rep.title, '', '']);
  rows.push(['report', `scope: ${rep.scope}`, '', '']);
  rows.push(['report', `generated: ${rep.generatedAt}`, '', '']);
  rows.push(['report', rep.release ? `release version, counts below ${rep.minCell} hidden` : 'NOT FOR RELEASE: exact counts', '', '']);
  rows.push(['disclaimer', rep.disclaimer, '', '']);
  for (const h of rep.headline) rows.push(['headline', h.label, h.value, '']);
  for (const s of rep.sections) {
    rows.push([s.id, `base: ${s.base.label}`, s.base.display, '']);
    for (const r of s.rows) rows.push([s.id, r.label, r.display, r.percent == null ? '' : r.percent.toFixed(1)]);
  }
  for (const n of rep.notes) rows.push(['note', n, '', '']);
  return stringify(rows);
}
