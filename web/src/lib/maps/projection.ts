/**
 * One map of the United States and Mexico: an equal-area conic centred on the border, with Alaska and Hawaii as
 * insets in the Pacific corner (as d3's geoAlbersUsa does, which would cut Mexico off).
 */
import { geoConicEqualArea, geoPath, type GeoPath, type GeoProjection } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Region } from './basemap';

export interface MapProjection {
  width: number;
  height: number;
  /** Screen position of a longitude/latitude, or null when off the map. */
  project(lon: number, lat: number): [number, number] | null;
  /** SVG path data of a region. */
  path(r: Region): string;
  /** Frames drawn around the insets. */
  insets: Array<{ x: number; y: number; w: number; h: number; label: string }>;
}

const isAlaska = (lon: number, lat: number): boolean => lat > 50 && (lon < -129 || lon > 170);
const isHawaii = (lon: number, lat: number): boolean => lat < 23.5 && lat > 18 && lon < -154 && lon > -161;

export function makeProjection(regions: Region[], width: number, height: number): MapProjection {
  const main: GeoProjection = geoConicEqualArea().parallels([20, 45]).rotate([100, 0]);
  const mainland: FeatureCollection<Geometry> = {
    type: 'FeatureCollection',
    features: regions.filter((r) => r.key !== 'US-AK' && r.key !== 'US-HI').map((r) => r.feature),
  };
  main.fitExtent([[10, 10], [width - 10, height - 10]], mainland);

  // The insets sit in the lower left, over the Pacific west of Baja California.
  const insetW = width * 0.2;
  const ak = { x: 8, y: height * 0.62, w: insetW, h: height * 0.2 };
  const hi = { x: 8, y: height * 0.84, w: insetW * 0.6, h: height * 0.13 };
  const find = (key: string): Feature<Geometry> | undefined => regions.find((r) => r.key === key)?.feature;
  const akP = geoConicEqualArea().parallels([55, 65]).rotate([154, 0]);
  const hiP = geoConicEqualArea().parallels([8, 18]).rotate([157, 0]);
  const akF = find('US-AK');
  const hiF = find('US-HI');
  if (akF) akP.fitExtent([[ak.x, ak.y], [ak.x + ak.w, ak.y + ak.h]], akF);
  if (hiF) hiP.fitExtent([[hi.x, hi.y], [hi.x + hi.w, hi.y + hi.h]], hiF);

  const paths: Record<'main' | 'ak' | 'hi', GeoPath> = { main: geoPath(main), ak: geoPath(akP), hi: geoPath(hiP) };
  return {
    width,
    height,
    project(lon, lat) {
      const p = isAlaska(lon, lat) ? akP : isHawaii(lon, lat) ? hiP : main;
      const xy = p([lon, lat]);
      return xy ? [xy[0], xy[1]] : null;
    },
    path(r) {
      const which = r.key === 'US-AK' ? 'ak' : r.key === 'US-HI' ? 'hi' : 'main';
      return paths[which](r.feature) ?? '';
    },
    insets: [
      ...(akF ? [{ ...ak, label: 'Alaska' }] : []),
      ...(hiF ? [{ ...hi, label: 'Hawaii' }] : []),
    ],
  };
}

/** A gentle arc from a to b: a quadratic curve bowed to the left of the direction of travel. */
export function arcPath(a: [number, number], b: [number, number], bend = 0.22): string {
  const [x1, y1] = a;
  const [x2, y2] = b;
  const mx = (x1 + x2) / 2;
  const my = (y1 + y2) / 2;
  const dx = x2 - x1;
  const dy = y2 - y1;
  const cx = mx - dy * bend;
  const cy = my + dx * bend;
  return `M${x1.toFixed(1)},${y1.toFixed(1)}Q${cx.toFixed(1)},${cy.toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}`;
}
