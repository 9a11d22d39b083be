/** Small SVG charts drawn offline (no chart library, no network). */

interface Dot {
  date: string;
  group: string;
  size: number;
  label: string;
}

const PALETTE = ['#1f4e9c', '#b42318', '#067647', '#b54708', '#6941c6', '#0e7090', '#c11574', '#4e5ba6'];

const dayOf = (d: string) => Math.round(Date.parse(`${d}T00:00:00Z`) / 86_400_000);

/** Purchases over time, one row per dealer, a dot per purchase sized by guns; the flag day as a red line. */
export function PurchaseTimeline({ dots, flaggedOn }: { dots: Dot[]; flaggedOn?: string | null }) {
  const valid = dots.filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d.date));
  if (valid.length === 0) return <p className="muted">No dated purchases.</p>;
  const groups = [...new Set(valid.map((d) => d.group))];
  const days = valid.map((d) => dayOf(d.date));
  const lo = Math.min(...days, flaggedOn ? dayOf(flaggedOn) : Infinity) - 3;
  const hi = Math.max(...days, flaggedOn ? dayOf(flaggedOn) : -Infinity) + 3;
  const W = 640;
  const left = 150;
  const rowH = 22;
  const H = groups.length * rowH + 30;
  const x = (d: number) => left + ((d - lo) / Math.max(1, hi - lo)) * (W - left - 10);
  return (
    <svg className="det-timeline" viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label="purchases over time by dealer">
      {groups.map((g, i) => (
        <g key={g}>
          <text x={left - 6} y={i * rowH + 16} textAnchor="end" fontSize="11">{g}</text>
          <line x1={left} x2={W - 10} y1={i * rowH + 12} y2={i * rowH + 12} stroke="#e4e7ec" />
        </g>
      ))}
      {valid.map((d, i) => (
        <circle key={i} cx={x(dayOf(d.date))} cy={groups.indexOf(d.group) * rowH + 12} r={Math.min(9, 3 + d.size)}
          fill={PALETTE[groups.indexOf(d.group) % PALETTE.length]} fillOpacity="0.7">
          <title>{d.label}</title>
        </circle>
      ))}
      {flaggedOn && (
        <g>
          <line x1={x(dayOf(flaggedOn))} x2={x(dayOf(flaggedOn))} y1="0" y2={H - 18} stroke="#b42318" strokeDasharray="3 2" />
          <text x={x(dayOf(flaggedOn))} y={H - 6} fontSize="10" textAnchor="middle" fill="#b42318">flagged {flaggedOn}</text>
        </g>
      )}
      <text x={left} y={H - 6} fontSize="10" fill="#667085">{new Date(lo * 86_400_000).toISOString().slice(0, 10)}</text>
      <text x={W - 10} y={H - 6} fontSize="10" fill="#667085" textAnchor="end">{new Date(hi * 86_400_000).toISOString().slice(0, 10)}</text>
    </svg>
  );
}

/** Horizontal bars with counts. */
export function Bars({ rows }: { rows: Array<{ label: string; n: number }> }) {
  const max = Math.max(1, ...rows.map((r) => r.n));
  const W = 420;
  return (
    <svg viewBox={`0 0 ${W} ${rows.length * 20 + 4}`} width="100%" role="img" aria-label="counts">
      {rows.map((r, i) => (
        <g key={r.label}>
          <text x="150" y={i * 20 + 14} textAnchor="end" fontSize="11">{r.label}</text>
          <rect x="156" y={i * 20 + 4} width={((W - 200) * r.n) / max} height="13" fill="#1f4e9c" />
          <text x={160 + ((W - 200) * r.n) / max} y={i * 20 + 14} fontSize="11">{r.n}</text>
        </g>
      ))}
    </svg>
  );
}
