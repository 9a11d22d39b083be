import { useEffect, useMemo, useState } from 'react';
import { loadBasemap, type Region } from './basemap';
import { arcPath, makeProjection } from './projection';

export interface MapPlaceRef {
  key: string;
  name: string;
  lat: number | null;
  lon: number | null;
}

export interface MapPoint {
  lat: number;
  lon: number;
  value: number;
  label: string;
}

export interface MapFlow {
  from: MapPlaceRef;
  to: MapPlaceRef;
  value: number;
}

export interface TraceMapProps {
  title: string;
  /** Shading of states: value per region key ("US-TX", "MX-SON"). */
  regionValues?: Record<string, number>;
  /** Circles sized by value (e.g. recoveries on a grid). */
  points?: MapPoint[];
  /** Squares sized by value (e.g. source dealers). */
  markers?: MapPoint[];
  /** Arcs from one place to another, width by value. Same-place flows are not drawn. */
  flows?: MapFlow[];
  width?: number;
  height?: number;
}

/** US and Mexican states with data layers over them, all SVG, drawn from files served by our own server. */
export function TraceMap({ title, regionValues, points = [], markers = [], flows = [], width = 960, height = 600 }: TraceMapProps) {
  const [regions, setRegions] = useState<Region[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    loadBasemap().then(setRegions, (e: unknown) => setError(String(e)));
  }, []);
  const proj = useMemo(() => (regions ? makeProjection(regions, width, height) : null), [regions, width, height]);
  if (error) return <p className="error">The base map could not be loaded: {error}</p>;
  if (!regions || !proj) return <p className="muted">Loading map…</p>;

  const maxRegion = Math.max(0, ...Object.values(regionValues ?? {}));
  const shade = (v: number | undefined): string => {
    if (!v || !maxRegion) return 'var(--map-land, #eef1f5)';
    const t = Math.sqrt(v / maxRegion);
    return `rgba(31, 78, 156, ${(0.08 + 0.6 * t).toFixed(3)})`;
  };
  const maxPoint = Math.max(1, ...points.map((p) => p.value));
  const maxMarker = Math.max(1, ...markers.map((p) => p.value));
  const drawn = flows.filter((f) => f.from.key !== f.to.key && f.from.lat != null && f.to.lat != null);
  const maxFlow = Math.max(1, ...drawn.map((f) => f.value));

  return (
    <svg className="trace-map" width="100%" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
      <title>{title}</title>
      <defs>
        <marker id="trace-map-arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse">
          <path d="M0,0L10,5L0,10z" className="trace-map-arrowhead" />
        </marker>
      </defs>
      <rect width={width} height={height} className="trace-map-sea" />
      {proj.insets.map((i) => (
        <g key={i.label}>
          <rect x={i.x - 4} y={i.y - 4} width={i.w + 8} height={i.h + 8} className="trace-map-inset" />
        </g>
      ))}
      <g className="trace-map-regions">
        {regions.map((r) => (
          <path key={r.key} d={proj.path(r)} fill={shade(regionValues?.[r.key])} className={`trace-map-region ${r.country === 'MX' ? 'mx' : 'us'}`} data-key={r.key}>
            <title>{`${r.name}${regionValues?.[r.key] ? `: ${regionValues[r.key]}` : ''}`}</title>
          </path>
        ))}
      </g>
      <g className="trace-map-flows">
        {drawn
          .sort((a, b) => a.value - b.value)
          .map((f, i) => {
            const a = proj.project(f.from.lon!, f.from.lat!);
            const b = proj.project(f.to.lon!, f.to.lat!);
            if (!a || !b) return null;
            return (
              <path
                key={`${f.from.key}-${f.to.key}-${i}`}
                d={arcPath(a, b)}
                className={`trace-map-flow ${f.to.key.startsWith('MX-') ? 'to-mx' : 'to-us'}`}
                strokeWidth={1 + 9 * Math.sqrt(f.value / maxFlow)}
                markerEnd="url(#trace-map-arrow)"
              >
                <title>{`${f.from.name} → ${f.to.name}: ${f.value}`}</title>
              </path>
            );
          })}
      </g>
      <g className="trace-map-points">
        {points.map((p, i) => {
          const xy = proj.project(p.lon, p.lat);
          if (!xy) return null;
          return (
            <circle key={i} cx={xy[0]} cy={xy[1]} r={1.5 + 8 * Math.sqrt(p.value / maxPoint)} className="trace-map-point">
              <title>{p.label}</title>
            </circle>
          );
        })}
      </g>
      <g className="trace-map-markers">
        {markers.map((p, i) => {
          const xy = proj.project(p.lon, p.lat);
          if (!xy) return null;
          const s = 3 + 9 * Math.sqrt(p.value / maxMarker);
          return (
            <rect key={i} x={xy[0] - s / 2} y={xy[1] - s / 2} width={s} height={s} className="trace-map-marker">
              <title>{p.label}</title>
            </rect>
          );
        })}
      </g>
    </svg>
  );
}
