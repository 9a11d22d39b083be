/**
 * Retention periods from DOMAIN.md, as data. The tracing center keeps multiple-sale buyer data for two years unless
 * one of the guns was traced; anything under a legal hold is kept whatever its age.
 */
export const RETENTION = {
  multipleSaleBuyerYears: 2,
} as const;

/** The last report date whose untraced buyer data must be purged on `asOf` (both 'YYYY-MM-DD'). */
export function msrPurgeCutoff(asOf: string, years: number = RETENTION.multipleSaleBuyerYears): string {
  const [y, m, d] = asOf.split('-').map(Number);
  // 29 February minus two years is 28 February: Date.UTC rolls 2024-02-29 - 2y to 2022-03-01, one day too late.
  const target = new Date(Date.UTC(y - years, m - 1, 1));
  const lastDay = new Date(Date.UTC(y - years, m, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}
