// The import formats: one module per kind, each a row schema (zod 4) shared by file import, the HTTP API and the
// simulator. There is deliberately no retail-sales kind (see retail-sales.ts).
import type { z } from 'zod';
import type { ImportFormat, ImportKind } from './define.js';
import { casesFormat } from './cases.js';
import { dealersFormat } from './dealers.js';
import { dealerTipsFormat } from './dealer-tips.js';
import { fieldMeta } from './fields.js';
import { multipleSalesFormat } from './multiple-sales.js';
import { recoveriesFormat } from './recoveries.js';
import { foldColumn } from './retail-sales.js';
import { suspectGunsFormat } from './suspect-guns.js';
import { theftReportsFormat } from './theft-reports.js';
import { traceRequestsFormat } from './trace-requests.js';
import { traceResultsFormat } from './trace-results.js';

export type { ImportFormat, ImportKind } from './define.js';
export { formatIssue, formatIssues } from './define.js';
export { RETAIL_SALES_SIGNATURES, looksLikeRetailSales, retailSalesRefusal, foldColumn } from './retail-sales.js';
export type { RetailSalesMatch } from './retail-sales.js';
export { fieldMeta, type FieldMeta } from './fields.js';
export { SIMULATOR_TRUTH_KIND, isSimulatorTruth } from './truth.js';
export {
  casesFormat,
  dealersFormat,
  dealerTipsFormat,
  multipleSalesFormat,
  recoveriesFormat,
  suspectGunsFormat,
  theftReportsFormat,
  traceRequestsFormat,
  traceResultsFormat,
};
export type { CaseRow } from './cases.js';
export type { DealerRow } from './dealers.js';
export type { DealerTipRow } from './dealer-tips.js';
export type { MultipleSaleRow } from './multiple-sales.js';
export type { RecoveryRow } from './recoveries.js';
export type { SuspectGunRow } from './suspect-guns.js';
export type { TheftReportRow } from './theft-reports.js';
export type { TraceRequestRow, AssociateRow } from './trace-requests.js';
export type { TraceResultRow } from './trace-results.js';

/**
 * Every import kind, in the order an importer should load them: dealers and cases first, as the others refer to
 * them (reports and tips name dealers, suspect-gun referrals name cases).
 */
export const FORMATS = {
  dealers: dealersFormat,
  cases: casesFormat,
  multiple_sales: multipleSalesFormat,
  trace_requests: traceRequestsFormat,
  trace_results: traceResultsFormat,
  recoveries: recoveriesFormat,
  suspect_guns: suspectGunsFormat,
  dealer_tips: dealerTipsFormat,
  theft_reports: theftReportsFormat,
} as const satisfies Record<ImportKind, ImportFormat>;

export const IMPORT_KINDS = Object.keys(FORMATS) as ImportKind[];

export type RowOf<K extends ImportKind> = z.output<(typeof FORMATS)[K]['schema']>;

export function isImportKind(s: string): s is ImportKind {
  return Object.prototype.hasOwnProperty.call(FORMATS, s);
}

export function requiredColumns(kind: ImportKind): string[] {
  const shape = FORMATS[kind].shape as Record<string, z.ZodType>;
  return Object.keys(shape).filter((c) => fieldMeta(shape[c])?.required === true);
}

export interface HeaderCheck {
  kind: ImportKind;
  /** Required columns the header lacks. */
  missing: string[];
  /** Header columns the kind does not know. */
  unknown: string[];
}

/** Compares a header with one kind's columns (names folded: case, spaces, BOM). */
export function checkHeader(kind: ImportKind, headerColumns: readonly string[]): HeaderCheck {
  const cols = new Set(FORMATS[kind].columns);
  const folded = headerColumns.map(foldColumn);
  const present = new Set(folded);
  return {
    kind,
    missing: requiredColumns(kind).filter((c) => !present.has(c)),
    unknown: folded.filter((c) => !cols.has(c)),
  };
}

/**
 * Tells the kind of a file from its header: the kind whose key columns are all present and which explains the most
 * header columns. Undefined when no kind's key columns are present; the caller then asks for `--kind` (and should
 * have checked looksLikeRetailSales first).
 */
export function detectKind(headerColumns: readonly string[]): ImportKind | undefined {
  const present = new Set(headerColumns.map(foldColumn));
  let best: { kind: ImportKind; score: number } | undefined;
  for (const kind of IMPORT_KINDS) {
    const f = FORMATS[kind];
    if (!f.keyColumns.every((c) => present.has(c))) continue;
    const known = f.columns.filter((c) => present.has(c)).length;
    const score = known - (present.size - known);
    if (!best || score > best.score) best = { kind, score };
  }
  return best?.kind;
}
