/** Folds the map API's per-period rows into what one frame of the map shows (pure, tested without a browser). */
import type { MapFlow, MapPoint } from '../../lib/maps';
import type { MapData } from './types';

export interface Frame {
  regionValues: Record<string, number>;
  points: MapPoint[];
  markers: MapPoint[];
  flows: MapFlow[];
  total: number;
}

/** `upTo` null: every period; otherwise the period at that index alone, or all up to it when cumulative. */
export function frameOf(d: MapData, upTo: number | null, cumulative: boolean, topFlows: number): Frame {
  const wanted = new Set(upTo === null ? d.periods : cumulative ? d.periods.slice(0, upTo + 1) : [d.periods[upTo]!]);
  const regionValues: Record<string, number> = {};
  let total = 0;
  for (const p of d.places) {
    if (!wanted.has(p.period)) continue;
    regionValues[p.key] = (regionValues[p.key] ?? 0) + p.count;
    total += p.count;
  }
  const grid = new Map<string, MapPoint>();
  for (const r of d.recoveries) {
    if (!wanted.has(r.period)) continue;
    const k = `${r.lat},${r.lon}`;
    const e = grid.get(k);
    if (e) e.value += r.count;
    else grid.set(k, { lat: r.lat, lon: r.lon, value: r.count, label: '' });
  }
  for (const p of grid.values()) p.label = `${p.value} recovered near ${p.lat.toFixed(2)}, ${p.lon.toFixed(2)}`;
  const markers: MapPoint[] = [];
  for (const dl of d.dealers) {
    if (dl.lat == null || dl.lon == null) continue;
    let v = 0;
    for (const [per, n] of Object.entries(dl.counts)) if (wanted.has(per)) v += n;
    if (v > 0) markers.push({ lat: dl.lat, lon: dl.lon, value: v, label: `${dl.name} (${dl.licence}), ${dl.city ?? ''} ${dl.state ?? ''}: ${v} traced${dl.approximate ? ' (placed at the state centre)' : ''}` });
  }
  const flows = new Map<string, MapFlow>();
  for (const f of d.flows) {
    if (!wanted.has(f.period)) continue;
    const k = `${f.from.key}>${f.to.key}`;
    const e = flows.get(k);
    if (e) e.value += f.count;
    else flows.set(k, { from: f.from, to: f.to, value: f.count });
  }
  const flowList = [...flows.values()].sort((a, b) => b.value - a.value);
  const crossing = flowList.filter((f) => f.from.key !== f.to.key).slice(0, topFlows);
  return { regionValues, points: [...grid.values()], markers, flows: crossing, total };
}
