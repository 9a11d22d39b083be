import { formatCount, linear, niceTicks, type Datum } from './scale';

export interface HistogramProps {
  data: Datum[];
  title: string;
  width?: number;
  height?: number;
  color?: string;
}

/** Vertical bars over ordered bins (time-to-crime brackets, age groups), with a value axis. */
export function Histogram({ data, title, width = 520, height = 220, color = 'var(--accent, #1f4e9c)' }: HistogramProps) {
  const m = { top: 14, right: 8, bottom: 46, left: 44 };
  const max = Math.max(0, ...data.map((d) => d.value ?? 0));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1] || 1;
  const y = linear([0, top], [height - m.bottom, m.top]);
  const band = (width - m.left - m.right) / Math.max(1, data.length);
  return (
    <svg className="chart chart-histogram" width="100%" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
      <title>{title}</title>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={m.left} x2={width - m.right} y1={y(t)} y2={y(t)} className="chart-grid" />
          <text x={m.left - 6} y={y(t)} dy="0.35em" textAnchor="end" className="chart-axis">
            {formatCount(t)}
          </text>
        </g>
      ))}
      {data.map((d, i) => {
        const x0 = m.left + i * band + band * 0.12;
        const w = band * 0.76;
        const v = d.value ?? 0;
        return (
          <g key={`${d.label}-${i}`}>
            {d.value == null ? (
              <rect x={x0} y={y(0) - 14} width={w} height={14} className="chart-hidden" />
            ) : (
              <rect x={x0} y={y(v)} width={w} height={Math.max(0, y(0) - y(v))} fill={color} rx={2} />
            )}
            <text x={x0 + w / 2} y={(d.value == null ? y(0) - 14 : y(v)) - 3} textAnchor="middle" className="chart-value">
              {d.display ?? formatCount(v)}
            </text>
            <text x={x0 + w / 2} y={height - m.bottom + 14} textAnchor="middle" className="chart-axis">
              {wrap(d.label).map((line, k) => (
                <tspan key={k} x={x0 + w / 2} dy={k === 0 ? 0 : 12}>
                  {line}
                </tspan>
              ))}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Two short lines at most: bracket labels like "7 months to under 1 year" do not fit one. */
function wrap(label: string, max = 14): string[] {
  if (label.length <= max) return [label];
  const words = label.split(' ');
  const lines = [''];
  for (const w of words) {
    const cur = lines[lines.length - 1]!;
    if ((cur + ' ' + w).trim().length > max && cur && lines.length < 2) lines.push(w);
    else lines[lines.length - 1] = `${cur} ${w}`.trim();
  }
  return lines;
}
