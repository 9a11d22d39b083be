/**
 * US states, DC and territories, and the 32 Mexican states, under the names and abbreviations forms use.
 * Centroids are approximate (about 0.1 degree), for placing markers on maps, never for distances that matter.
 */
import { err, ok, type Result } from './result.js';
import { simplifyText } from './text.js';

export interface UsState {
  readonly code: string;
  readonly name: string;
  readonly kind: 'state' | 'district' | 'territory';
  readonly lat: number;
  readonly lon: number;
  /** Older and press abbreviations (Calif., Tex., N. Mex.) seen on paper forms. */
  readonly aliases: readonly string[];
}

export interface MxState {
  /** ISO 3166-2:MX subdivision code without the MX- prefix (e.g. SON, CMX). */
  readonly code: string;
  /** INEGI state number, 01..32, as used in Mexican statistics. */
  readonly inegi: string;
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  readonly aliases: readonly string[];
}

type UsRow = [code: string, name: string, lat: number, lon: number, aliases?: string[], kind?: UsState['kind']];
const US_ROWS: UsRow[] = [
  ['AL', 'Alabama', 32.8, -86.8, ['Ala']], ['AK', 'Alaska', 64.0, -152.0],
  ['AZ', 'Arizona', 34.3, -111.7, ['Ariz']], ['AR', 'Arkansas', 34.9, -92.4, ['Ark']],
  ['CA', 'California', 37.2, -119.5, ['Calif', 'Cal']], ['CO', 'Colorado', 39.0, -105.5, ['Colo']],
  ['CT', 'Connecticut', 41.6, -72.7, ['Conn']], ['DE', 'Delaware', 39.0, -75.5, ['Del']],
  ['DC', 'District of Columbia', 38.9, -77.0, ['D.C.', 'Washington DC', 'Washington D.C.', 'Wash DC'], 'district'],
  ['FL', 'Florida', 28.6, -82.4, ['Fla']], ['GA', 'Georgia', 32.7, -83.4],
  ['HI', 'Hawaii', 20.8, -156.3, ["Hawai'i"]], ['ID', 'Idaho', 44.4, -114.6],
  ['IL', 'Illinois', 40.0, -89.2, ['Ill']], ['IN', 'Indiana', 39.9, -86.3, ['Ind']],
  ['IA', 'Iowa', 42.1, -93.5], ['KS', 'Kansas', 38.5, -98.4, ['Kan', 'Kans']],
  ['KY', 'Kentucky', 37.5, -85.3], ['LA', 'Louisiana', 31.1, -92.0],
  ['ME', 'Maine', 45.4, -69.2], ['MD', 'Maryland', 39.0, -76.8],
  ['MA', 'Massachusetts', 42.3, -71.8, ['Mass']], ['MI', 'Michigan', 44.3, -85.4, ['Mich']],
  ['MN', 'Minnesota', 46.3, -94.3, ['Minn']], ['MS', 'Mississippi', 32.7, -89.7, ['Miss']],
  ['MO', 'Missouri', 38.4, -92.5], ['MT', 'Montana', 47.0, -109.6, ['Mont']],
  ['NE', 'Nebraska', 41.5, -99.8, ['Neb', 'Nebr']], ['NV', 'Nevada', 39.3, -116.6, ['Nev']],
  ['NH', 'New Hampshire', 43.7, -71.6], ['NJ', 'New Jersey', 40.2, -74.7],
  ['NM', 'New Mexico', 34.4, -106.1, ['N. Mex', 'N Mex']], ['NY', 'New York', 42.9, -75.5],
  ['NC', 'North Carolina', 35.6, -79.4], ['ND', 'North Dakota', 47.5, -100.5, ['N Dak']],
  ['OH', 'Ohio', 40.3, -82.8], ['OK', 'Oklahoma', 35.6, -97.5, ['Okla']],
  ['OR', 'Oregon', 43.9, -120.6, ['Ore', 'Oreg']], ['PA', 'Pennsylvania', 40.9, -77.8, ['Penn', 'Penna']],
  ['RI', 'Rhode Island', 41.7, -71.5], ['SC', 'South Carolina', 33.9, -80.9],
  ['SD', 'South Dakota', 44.4, -100.2, ['S Dak']], ['TN', 'Tennessee', 35.9, -86.4, ['Tenn']],
  ['TX', 'Texas', 31.5, -99.3, ['Tex']], ['UT', 'Utah', 39.3, -111.7],
  ['VT', 'Vermont', 44.1, -72.7], ['VA', 'Virginia', 37.5, -78.9],
  ['WA', 'Washington', 47.4, -120.5, ['Wash']], ['WV', 'West Virginia', 38.6, -80.6, ['W. Va', 'W Va']],
  ['WI', 'Wisconsin', 44.6, -89.9, ['Wis', 'Wisc']], ['WY', 'Wyoming', 43.0, -107.6, ['Wyo']],
  ['PR', 'Puerto Rico', 18.2, -66.5, [], 'territory'], ['GU', 'Guam', 13.4, 144.8, [], 'territory'],
  ['VI', 'U.S. Virgin Islands', 18.3, -64.9, ['Virgin Islands', 'US Virgin Islands', 'USVI'], 'territory'],
  ['AS', 'American Samoa', -14.3, -170.7, [], 'territory'],
  ['MP', 'Northern Mariana Islands', 15.1, 145.7, ['CNMI', 'Northern Marianas'], 'territory'],
];

export const US_STATES: readonly UsState[] = US_ROWS.map(([code, name, lat, lon, aliases = [], kind = 'state']) => ({
  code, name, kind, lat, lon, aliases,
}));

type MxRow = [code: string, inegi: string, name: string, lat: number, lon: number, aliases: string[]];
const MX_ROWS: MxRow[] = [
  ['AGU', '01', 'Aguascalientes', 21.9, -102.3, ['Ags', 'AGS']],
  ['BCN', '02', 'Baja California', 30.0, -115.1, ['B.C.', 'BC', 'Baja California Norte']],
  ['BCS', '03', 'Baja California Sur', 25.9, -111.6, ['B.C.S.']],
  ['CAM', '04', 'Campeche', 18.9, -90.4, ['Camp']],
  ['COA', '05', 'Coahuila de Zaragoza', 27.3, -102.0, ['Coahuila', 'Coah']],
  ['COL', '06', 'Colima', 19.1, -103.9, ['Col']],
  ['CHP', '07', 'Chiapas', 16.5, -92.5, ['Chis', 'CHIS']],
  ['CHH', '08', 'Chihuahua', 28.8, -106.1, ['Chih', 'CHIH']],
  ['CMX', '09', 'Ciudad de México', 19.4, -99.1, ['CDMX', 'Ciudad de Mexico', 'Mexico City', 'Distrito Federal', 'D.F.', 'DF', 'México D.F.', 'Mexico DF', 'DIF']],
  ['DUR', '10', 'Durango', 24.6, -104.7, ['Dgo', 'DGO']],
  ['GUA', '11', 'Guanajuato', 21.0, -101.3, ['Gto', 'GTO']],
  ['GRO', '12', 'Guerrero', 17.6, -99.9, ['Gro']],
  ['HID', '13', 'Hidalgo', 20.5, -98.9, ['Hgo', 'HGO']],
  ['JAL', '14', 'Jalisco', 20.6, -103.6, ['Jal']],
  ['MEX', '15', 'México', 19.4, -99.6, ['Estado de México', 'Edo. de México', 'Edo. de Mexico', 'Edo. Mex.', 'Edomex', 'Méx.', 'State of Mexico', 'Mexico State', 'EM']],
  ['MIC', '16', 'Michoacán de Ocampo', 19.2, -101.9, ['Michoacán', 'Michoacan', 'Mich']],
  ['MOR', '17', 'Morelos', 18.7, -99.1, ['Mor']],
  ['NAY', '18', 'Nayarit', 21.8, -104.8, ['Nay']],
  ['NLE', '19', 'Nuevo León', 25.6, -99.8, ['Nuevo Leon', 'N.L.', 'NL']],
  ['OAX', '20', 'Oaxaca', 17.1, -96.7, ['Oax']],
  ['PUE', '21', 'Puebla', 19.0, -97.9, ['Pue']],
  ['QUE', '22', 'Querétaro', 20.8, -99.9, ['Queretaro', 'Querétaro de Arteaga', 'Qro', 'QRO']],
  ['ROO', '23', 'Quintana Roo', 19.6, -88.0, ['Q. Roo', 'Q Roo', 'QR', 'QROO']],
  ['SLP', '24', 'San Luis Potosí', 22.6, -100.4, ['San Luis Potosi', 'S.L.P.']],
  ['SIN', '25', 'Sinaloa', 25.0, -107.5, ['Sin']],
  ['SON', '26', 'Sonora', 29.6, -110.9, ['Son']],
  ['TAB', '27', 'Tabasco', 17.9, -92.6, ['Tab']],
  ['TAM', '28', 'Tamaulipas', 24.3, -98.6, ['Tamps', 'TAMPS']],
  ['TLA', '29', 'Tlaxcala', 19.4, -98.2, ['Tlax']],
  ['VER', '30', 'Veracruz de Ignacio de la Llave', 19.4, -96.4, ['Veracruz', 'Ver']],
  ['YUC', '31', 'Yucatán', 20.8, -89.0, ['Yucatan', 'Yuc']],
  ['ZAC', '32', 'Zacatecas', 23.0, -102.7, ['Zac']],
];

export const MX_STATES: readonly MxState[] = MX_ROWS.map(([code, inegi, name, lat, lon, aliases]) => ({
  code, inegi, name, lat, lon, aliases,
}));

/** US states along the Mexican border: the F 3310.12 rifle-report states. */
export const US_BORDER_STATES = ['AZ', 'CA', 'NM', 'TX'] as const;
/** Mexican states along the US border. */
export const MX_BORDER_STATES = ['BCN', 'SON', 'CHH', 'COA', 'NLE', 'TAM'] as const;

// Keys drop spaces too, so that "N.M.", "N M" and "NM" meet.
const key = (s: string): string => simplifyText(s).replace(/ /g, '');

function buildIndex<T extends { code: string; name: string; aliases: readonly string[] }>(
  rows: readonly T[],
  extra: (row: T) => string[],
): Map<string, T> {
  const index = new Map<string, T>();
  for (const row of rows) {
    for (const name of [row.code, row.name, ...row.aliases, ...extra(row)]) {
      const k = key(name);
      const existing = index.get(k);
      if (existing && existing !== row) throw new Error(`state key ${k} is claimed by ${existing.code} and ${row.code}`);
      index.set(k, row);
    }
  }
  return index;
}

const US_INDEX = buildIndex(US_STATES, (s) => [`US-${s.code}`]);
const MX_INDEX = buildIndex(MX_STATES, (s) => [`MX-${s.code}`, s.inegi, String(Number(s.inegi))]);

export function normalizeUsState(raw: string): Result<UsState> {
  const k = key(raw);
  if (k === '') return err('state is empty');
  const found = US_INDEX.get(k);
  return found ? ok(found) : err(`"${raw.trim()}" is not a US state, district or territory`);
}

/** Accepts ISO codes (with or without MX-), INEGI numbers, names with or without accents, and common abbreviations. */
export function normalizeMxState(raw: string): Result<MxState> {
  // "Estado de X" / "Edo. de X" means state X; only México itself keeps the phrase as an alias.
  const stripped = raw.replace(/^\s*(estado|edo\.?)\s+(?!(de\s+)?m[eé]x)(de\s+)?/i, '');
  const k = key(stripped);
  if (k === '') return err('state is empty');
  const found = MX_INDEX.get(k);
  return found ? ok(found) : err(`"${raw.trim()}" is not a Mexican state`);
}

/** True for Arizona, California, New Mexico and Texas, whatever way they are written. */
export function isBorderState(raw: string): boolean {
  const r = normalizeUsState(raw);
  return r.ok && (US_BORDER_STATES as readonly string[]).includes(r.value.code);
}

export function isMxBorderState(raw: string): boolean {
  const r = normalizeMxState(raw);
  return r.ok && (MX_BORDER_STATES as readonly string[]).includes(r.value.code);
}

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in kilometres (haversine; plenty for "within the same metro area"). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
