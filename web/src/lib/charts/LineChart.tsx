import { formatCount, linear, niceTicks } from './scale';

export interface LinePoint {
  /** Category label on the x axis, in order (e.g. "2022-03"). */
  x: string;
  y: number;
}

export interface LineChartProps {
  points: LinePoint[];
  title: string;
  width?: number;
  height?: number;
  color?: string;
}

/** A time series as a line with dots; x labels thinned to about eight. */
export function LineChart({ points, title, width = 720, height = 200, color = 'var(--accent, #1f4e9c)' }: LineChartProps) {
  const m = { top: 12, right: 12, bottom: 28, left: 48 };
  const max = Math.max(0, ...points.map((p) => p.y));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1] || 1;
  const y = linear([0, top], [height - m.bottom, m.top]);
  const x = linear([0, Math.max(1, points.length - 1)], [m.left, width - m.right]);
  const every = Math.max(1, Math.ceil(points.length / 8));
  const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.y).toFixed(1)}`).join('');
  return (
    <svg className="chart chart-line" width="100%" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
      <title>{title}</title>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={m.left} x2={width - m.right} y1={y(t)} y2={y(t)} className="chart-grid" />
          <text x={m.left - 6} y={y(t)} dy="0.35em" textAnchor="end" className="chart-axis">
            {formatCount(t)}
          </text>
        </g>
      ))}
      {points.length > 0 && <path d={d} fill="none" stroke={color} strokeWidth={2} />}
      {points.map((p, i) => (
        <g key={p.x}>
          {points.length <= 60 && <circle cx={x(i)} cy={y(p.y)} r={2.5} fill={color}><title>{`${p.x}: ${formatCount(p.y)}`}</title></circle>}
          {i % every === 0 && (
            <text x={x(i)} y={height - m.bottom + 16} textAnchor="middle" className="chart-axis">
              {p.x}
            </text>
          )}
        </g>
      ))}
    </svg>
  );
}
