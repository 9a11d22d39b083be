import { formatCount, linear, type Datum } from './scale';

export interface BarChartProps {
  data: Datum[];
  /** Accessible name, and the SVG's <title>. */
  title: string;
  width?: number;
  /** Space for the category labels on the left. */
  labelWidth?: number;
  barHeight?: number;
  color?: string;
}

/** Horizontal bars, one per category, largest first as given; for long labels (states, makers, cities). */
export function BarChart({ data, title, width = 520, labelWidth = 170, barHeight = 18, color = 'var(--accent, #1f4e9c)' }: BarChartProps) {
  const gap = 5;
  const valueWidth = 56;
  const max = Math.max(0, ...data.map((d) => d.value ?? 0));
  const x = linear([0, max || 1], [0, width - labelWidth - valueWidth]);
  const height = data.length * (barHeight + gap) + gap;
  // About 6.2 px a character at the chart's 11 px font: longer labels are cut with an ellipsis, not clipped.
  const maxChars = Math.max(6, Math.floor((labelWidth - 10) / 6.2));
  return (
    <svg className="chart chart-bar" width="100%" viewBox={`0 0 ${width} ${Math.max(height, barHeight)}`} role="img" aria-label={title}>
      <title>{title}</title>
      {data.map((d, i) => {
        const y = gap + i * (barHeight + gap);
        const w = d.value == null ? 0 : Math.max(d.value > 0 ? 1 : 0, x(d.value));
        return (
          <g key={`${d.label}-${i}`} transform={`translate(0,${y})`}>
            <title>{`${d.label}: ${d.display ?? d.value ?? ''}`}</title>
            <text x={labelWidth - 6} y={barHeight / 2} dy="0.35em" textAnchor="end" className="chart-label">
              {d.label.length > maxChars ? `${d.label.slice(0, maxChars - 1)}…` : d.label}
            </text>
            {d.value == null ? (
              <rect x={labelWidth} width={14} height={barHeight} className="chart-hidden" />
            ) : (
              <rect x={labelWidth} width={w} height={barHeight} fill={color} rx={2} />
            )}
            <text x={labelWidth + (d.value == null ? 18 : w + 4)} y={barHeight / 2} dy="0.35em" className="chart-value">
              {d.display ?? (d.value == null ? '' : formatCount(d.value))}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
