/** Small numeric helpers the charts share: a linear scale, "nice" axis ticks and compact number labels. */

export function linear(domain: [number, number], range: [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** Round axis steps (1, 2, 5 × 10^n) from 0 to at least max, about `count` of them. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step * 0.001; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1]! < max) ticks.push(Number((ticks[ticks.length - 1]! + step).toPrecision(12)));
  return ticks;
}

const nf = new Intl.NumberFormat('en-US');
export function formatCount(v: number): string {
  if (Math.abs(v) >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (Math.abs(v) >= 1e4) return `${Math.round(v / 1e3)}k`;
  return nf.format(v);
}

/** A datum of any chart: a label, a value, and what to print (a release shows "<5" where the value is hidden). */
export interface Datum {
  label: string;
  /** null when the value is hidden: the bar is drawn empty and `display` is printed. */
  value: number | null;
  display?: string;
}
