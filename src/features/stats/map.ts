/** Map data for a scope: rows from map.repository placed on the map with the state centroids of src/domain/geo. */
import type { Tx } from '../../db/types.js';
import { MX_STATES, US_STATES } from '../../domain/geo.js';
import { placeName } from './labels.js';
import { flows, recoveryGrid, recoveryPlaces, sourceDealers, type Period } from './map.repository.js';
import type { ResolvedScope } from './scope.js';

export const GRID_CELLS = [0.1, 0.25, 0.5, 1] as const;

export interface MapOptions {
  period?: Period;
  /** Grid cell in degrees for recovery points; one of GRID_CELLS. */
  cell?: number;
  /** How many source dealers to place (the busiest in scope). */
  dealerLimit?: number;
  /** Read the facts even where the map cells could answer (tests compare the two). */
  detailed?: boolean;
}

export interface MapPlace {
  key: string;
  name: string;
  lat: number | null;
  lon: number | null;
}

export interface MapData {
  scope: string;
  period: Period;
  cell: number;
  periods: string[];
  recoveries: Array<{ period: string; lat: number; lon: number; count: number }>;
  places: Array<MapPlace & { period: string; count: number }>;
  dealers: Array<{
    id: number;
    licence: string;
    name: string;
    city: string | null;
    state: string | null;
    lat: number | null;
    lon: number | null;
    /** True when the dealer has no coordinates and sits on its state's centroid. */
    approximate: boolean;
    counts: Record<string, number>;
    total: number;
  }>;
  flows: Array<{ period: string; from: MapPlace; to: MapPlace; count: number }>;
}

const US = new Map(US_STATES.map((s) => [s.code, s]));
const MX = new Map(MX_STATES.map((s) => [s.code, s]));

export function placeOf(country: string | null, state: string | null, mxState: string | null): MapPlace {
  const name = placeName(country, state, mxState);
  if (mxState) {
    const s = MX.get(mxState);
    return { key: `MX-${mxState}`, name, lat: s?.lat ?? null, lon: s?.lon ?? null };
  }
  if (state && (country === 'US' || !country)) {
    const s = US.get(state);
    return { key: `US-${state}`, name, lat: s?.lat ?? null, lon: s?.lon ?? null };
  }
  return { key: country ?? 'unknown', name, lat: null, lon: null };
}

export async function buildMap(tx: Tx, scope: ResolvedScope, opts: MapOptions, description: string): Promise<MapData> {
  const period = opts.period ?? 'year';
  const cell = opts.cell ?? 0.25;
  if (!(GRID_CELLS as readonly number[]).includes(cell)) throw new RangeError(`cell must be one of ${GRID_CELLS.join(', ')}`);
  const [grid, places, dealers, flowRows] = await Promise.all([
    recoveryGrid(tx, scope, period, cell, opts.detailed),
    recoveryPlaces(tx, scope, period, opts.detailed),
    sourceDealers(tx, scope, period, opts.dealerLimit ?? 300, opts.detailed),
    flows(tx, scope, period, opts.detailed),
  ]);
  const periods = new Set<string>();
  for (const r of [...grid, ...places, ...dealers.rows, ...flowRows]) periods.add(r.period);

  const dealerOut = dealers.dealers.map((d) => {
    const counts: Record<string, number> = {};
    let total = 0;
    for (const r of dealers.rows) {
      if (r.dealer_id !== d.id) continue;
      counts[r.period] = (counts[r.period] ?? 0) + r.n;
      total += r.n;
    }
    const centroid = d.state ? US.get(d.state) : undefined;
    const approximate = d.lat == null || d.lon == null;
    return {
      id: d.id, licence: d.licence_number, name: d.name, city: d.city, state: d.state,
      lat: approximate ? (centroid?.lat ?? null) : d.lat, lon: approximate ? (centroid?.lon ?? null) : d.lon,
      approximate, counts, total,
    };
  });

  return {
    scope: description,
    period,
    cell,
    periods: [...periods].sort(),
    recoveries: grid.map((g) => ({ period: g.period, lat: Number(g.lat.toFixed(4)), lon: Number(g.lon.toFixed(4)), count: g.n })),
    places: places.map((p) => ({ ...placeOf(p.rec_country, p.rec_state, p.rec_mx_state), period: p.period, count: p.n })),
    dealers: dealerOut.sort((a, b) => b.total - a.total),
    flows: flowRows.map((f) => ({ period: f.period, from: placeOf('US', f.source_state, null), to: placeOf(f.rec_country, f.rec_state, f.rec_mx_state), count: f.n })),
  };
}
