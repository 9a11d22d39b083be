// Which writer stores which import kind. The importer owns reading, validation, batching and commits; each feature
// owns how its records are stored (src/features/ingest/writer.ts is the contract between them).
import type { ImportKind, RowOf } from '../../../formats/index.js';
import type { KindWriter } from '../writer.js';
import { recoveryWriter, traceRequestWriter, traceResultWriter } from '../../tracing/tracing.import.js';
import { suspectGunWriter } from '../../suspects/suspects.import.js';
import { caseWriter } from './cases.js';
import { dealerTipWriter } from './dealer-tips.js';
import { dealerWriter } from './dealers.js';
import { multipleSaleWriter } from './multiple-sales.js';
import { theftReportWriter } from './theft-reports.js';

type WriterMap = { [K in ImportKind]?: KindWriter<RowOf<K>> };

const WRITERS: WriterMap = {
  dealers: dealerWriter,
  cases: caseWriter,
  multiple_sales: multipleSaleWriter,
  dealer_tips: dealerTipWriter,
  theft_reports: theftReportWriter,
  // Owned by the tracing and suspects features (the writer contract is ../writer.ts).
  trace_requests: traceRequestWriter,
  trace_results: traceResultWriter,
  recoveries: recoveryWriter,
  suspect_guns: suspectGunWriter,
};

/** Kinds whose format exists but whose writer belongs to a feature not yet wired here. */
const OWNERS: Partial<Record<ImportKind, string>> = {
  trace_requests: 'tracing',
  trace_results: 'tracing',
  recoveries: 'tracing',
  suspect_guns: 'suspects',
};

export function writerFor<K extends ImportKind>(kind: K): KindWriter<RowOf<K>> | undefined {
  return WRITERS[kind] as KindWriter<RowOf<K>> | undefined;
}

export function supportedKinds(): ImportKind[] {
  return Object.keys(WRITERS) as ImportKind[];
}

export function unsupportedMessage(kind: ImportKind): string {
  const owner = OWNERS[kind];
  return (
    `${kind} files are not yet supported by the importer: the format is defined (docs/data-formats.md) but the ` +
    `${owner ?? 'owning'} feature does not yet provide the code that stores them. Nothing was imported. ` +
    `Supported now: ${supportedKinds().join(', ')}.`
  );
}
