const nf = new Intl.NumberFormat('en-US');
export const num = (n: number | null | undefined): string => (n == null ? '–' : nf.format(n));
export const pct = (x: number | null | undefined, digits = 1): string => (x == null ? '–' : `${(x * 100).toFixed(digits)} %`);
export const years = (x: number | null | undefined): string => (x == null ? '–' : `${x.toFixed(1)} years`);
export function hours(h: number | null | undefined): string {
  if (h == null) return '–';
  return h < 48 ? `${h.toFixed(1)} h` : `${(h / 24).toFixed(1)} days`;
}
