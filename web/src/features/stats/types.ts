/**
 * The statistics API's shapes, taken from the server's own declarations (type-only imports, erased by the bundler)
 * so the pages and the API cannot drift apart.
 */
export type { Count, StatsFigures, TurnaroundFigures as Turnaround } from '../../../../src/features/stats/figures';
export type { StatsResult } from '../../../../src/features/stats/stats.service';
export type { ReportRow, ReportSection, TraceReport } from '../../../../src/features/stats/report';
export type { MapData, MapPlace } from '../../../../src/features/stats/map';
