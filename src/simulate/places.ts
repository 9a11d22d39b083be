// Places of the synthetic world: US cities with county, ZIP prefix and coordinates (public geography), Mexican
// recovery cities, and the police agencies (synthetic ORIs) that recover guns there.

export interface City {
  idx: number;
  name: string;
  state: string;
  county: string;
  zip: string;
  lat: number;
  lon: number;
  /** Relative population weight within its state. */
  weight: number;
}

type CityRow = [name: string, state: string, county: string, zip: string, lat: number, lon: number, weight: number];

const US: CityRow[] = [
  ['Phoenix', 'AZ', 'Maricopa', '850', 33.448, -112.074, 40],
  ['Mesa', 'AZ', 'Maricopa', '852', 33.415, -111.831, 10],
  ['Glendale', 'AZ', 'Maricopa', '853', 33.539, -112.186, 8],
  ['Tucson', 'AZ', 'Pima', '857', 32.222, -110.975, 20],
  ['Yuma', 'AZ', 'Yuma', '853', 32.693, -114.628, 4],
  ['Nogales', 'AZ', 'Santa Cruz', '856', 31.340, -110.934, 2],
  ['Rio Rico', 'AZ', 'Santa Cruz', '856', 31.471, -110.977, 1],
  ['Douglas', 'AZ', 'Cochise', '856', 31.345, -109.546, 1],
  ['Sierra Vista', 'AZ', 'Cochise', '856', 31.555, -110.303, 2],
  ['Flagstaff', 'AZ', 'Coconino', '860', 35.198, -111.651, 3],
  ['Casa Grande', 'AZ', 'Pinal', '851', 32.879, -111.757, 3],
  ['Los Angeles', 'CA', 'Los Angeles', '900', 34.052, -118.244, 40],
  ['San Diego', 'CA', 'San Diego', '921', 32.716, -117.161, 15],
  ['Chula Vista', 'CA', 'San Diego', '919', 32.640, -117.084, 4],
  ['El Centro', 'CA', 'Imperial', '922', 32.792, -115.563, 2],
  ['Calexico', 'CA', 'Imperial', '922', 32.679, -115.499, 1],
  ['Fresno', 'CA', 'Fresno', '937', 36.738, -119.787, 6],
  ['Sacramento', 'CA', 'Sacramento', '958', 38.582, -121.494, 8],
  ['San Bernardino', 'CA', 'San Bernardino', '924', 34.108, -117.290, 7],
  ['Riverside', 'CA', 'Riverside', '925', 33.953, -117.396, 7],
  ['Bakersfield', 'CA', 'Kern', '933', 35.373, -119.019, 5],
  ['San Jose', 'CA', 'Santa Clara', '951', 37.338, -121.886, 8],
  ['Oakland', 'CA', 'Alameda', '946', 37.804, -122.271, 5],
  ['Albuquerque', 'NM', 'Bernalillo', '871', 35.084, -106.650, 20],
  ['Las Cruces', 'NM', 'Dona Ana', '880', 32.312, -106.778, 8],
  ['Santa Fe', 'NM', 'Santa Fe', '875', 35.687, -105.938, 5],
  ['Roswell', 'NM', 'Chaves', '882', 33.394, -104.523, 3],
  ['Deming', 'NM', 'Luna', '880', 32.269, -107.758, 2],
  ['Farmington', 'NM', 'San Juan', '874', 36.728, -108.218, 3],
  ['Houston', 'TX', 'Harris', '770', 29.760, -95.370, 35],
  ['Dallas', 'TX', 'Dallas', '752', 32.777, -96.797, 25],
  ['San Antonio', 'TX', 'Bexar', '782', 29.424, -98.494, 20],
  ['Austin', 'TX', 'Travis', '787', 30.267, -97.743, 12],
  ['Fort Worth', 'TX', 'Tarrant', '761', 32.755, -97.331, 14],
  ['El Paso', 'TX', 'El Paso', '799', 31.762, -106.485, 10],
  ['Laredo', 'TX', 'Webb', '780', 27.506, -99.507, 5],
  ['McAllen', 'TX', 'Hidalgo', '785', 26.203, -98.230, 6],
  ['Brownsville', 'TX', 'Cameron', '785', 25.901, -97.497, 4],
  ['Corpus Christi', 'TX', 'Nueces', '784', 27.800, -97.396, 5],
  ['Del Rio', 'TX', 'Val Verde', '788', 29.362, -100.896, 2],
  ['Eagle Pass', 'TX', 'Maverick', '788', 28.709, -100.499, 2],
  ['Lubbock', 'TX', 'Lubbock', '794', 33.577, -101.855, 4],
  ['Las Vegas', 'NV', 'Clark', '891', 36.170, -115.140, 10],
  ['Denver', 'CO', 'Denver', '802', 39.739, -104.990, 8],
  ['Salt Lake City', 'UT', 'Salt Lake', '841', 40.761, -111.891, 5],
  ['Oklahoma City', 'OK', 'Oklahoma', '731', 35.468, -97.516, 6],
  ['Atlanta', 'GA', 'Fulton', '303', 33.749, -84.388, 9],
  ['Miami', 'FL', 'Miami-Dade', '331', 25.762, -80.192, 8],
  ['Tampa', 'FL', 'Hillsborough', '336', 27.951, -82.457, 6],
  ['Chicago', 'IL', 'Cook', '606', 41.878, -87.630, 12],
  ['Buffalo', 'NY', 'Erie', '142', 42.886, -78.878, 4],
  ['Seattle', 'WA', 'King', '981', 47.606, -122.332, 6],
  ['Portland', 'OR', 'Multnomah', '972', 45.515, -122.679, 5],
  ['New Orleans', 'LA', 'Orleans', '701', 29.951, -90.072, 5],
  ['St. Louis', 'MO', 'St. Louis City', '631', 38.627, -90.199, 5],
  ['Nashville', 'TN', 'Davidson', '372', 36.163, -86.782, 6],
  ['Charlotte', 'NC', 'Mecklenburg', '282', 35.227, -80.843, 6],
  ['Columbus', 'OH', 'Franklin', '432', 39.961, -82.999, 6],
  ['Philadelphia', 'PA', 'Philadelphia', '191', 39.953, -75.165, 6],
  ['Detroit', 'MI', 'Wayne', '482', 42.331, -83.046, 6],
  ['Richmond', 'VA', 'Richmond City', '232', 37.541, -77.436, 4],
  ['Birmingham', 'AL', 'Jefferson', '352', 33.519, -86.810, 4],
  ['Wichita', 'KS', 'Sedgwick', '672', 37.687, -97.330, 3],
];

export const CITIES: readonly City[] = US.map(([name, state, county, zip, lat, lon, weight], idx) => ({ idx, name, state, county, zip, lat, lon, weight }));

export const BORDER_STATES = ['AZ', 'CA', 'NM', 'TX'] as const;

export function citiesOf(state: string): City[] {
  return CITIES.filter((c) => c.state === state);
}

export function cityNamed(name: string, state: string): City {
  const c = CITIES.find((x) => x.name === name && x.state === state);
  if (!c) throw new Error(`no city ${name}, ${state}`);
  return c;
}

export interface MxCity {
  name: string;
  state: string;
  lat: number;
  lon: number;
  weight: number;
}

export const MX_CITIES: readonly MxCity[] = [
  { name: 'Tijuana', state: 'BCN', lat: 32.515, lon: -117.038, weight: 10 },
  { name: 'Mexicali', state: 'BCN', lat: 32.624, lon: -115.452, weight: 5 },
  { name: 'Nogales', state: 'SON', lat: 31.308, lon: -110.942, weight: 6 },
  { name: 'Naco', state: 'SON', lat: 31.325, lon: -109.948, weight: 1 },
  { name: 'Agua Prieta', state: 'SON', lat: 31.328, lon: -109.549, weight: 3 },
  { name: 'Hermosillo', state: 'SON', lat: 29.073, lon: -110.956, weight: 5 },
  { name: 'Caborca', state: 'SON', lat: 30.716, lon: -112.157, weight: 2 },
  { name: 'Ciudad Juarez', state: 'CHH', lat: 31.690, lon: -106.424, weight: 10 },
  { name: 'Chihuahua', state: 'CHH', lat: 28.632, lon: -106.069, weight: 5 },
  { name: 'Ojinaga', state: 'CHH', lat: 29.565, lon: -104.414, weight: 1 },
  { name: 'Piedras Negras', state: 'COA', lat: 28.700, lon: -100.523, weight: 2 },
  { name: 'Saltillo', state: 'COA', lat: 25.423, lon: -101.005, weight: 2 },
  { name: 'Nuevo Laredo', state: 'TAM', lat: 27.476, lon: -99.516, weight: 6 },
  { name: 'Reynosa', state: 'TAM', lat: 26.092, lon: -98.277, weight: 6 },
  { name: 'Matamoros', state: 'TAM', lat: 25.869, lon: -97.502, weight: 4 },
  { name: 'Monterrey', state: 'NLE', lat: 25.686, lon: -100.316, weight: 6 },
  { name: 'Culiacan', state: 'SIN', lat: 24.809, lon: -107.394, weight: 6 },
  { name: 'Guadalajara', state: 'JAL', lat: 20.659, lon: -103.349, weight: 4 },
  { name: 'Ciudad de Mexico', state: 'CMX', lat: 19.433, lon: -99.133, weight: 4 },
  { name: 'Acapulco', state: 'GRO', lat: 16.853, lon: -99.823, weight: 2 },
  { name: 'Morelia', state: 'MIC', lat: 19.706, lon: -101.195, weight: 2 },
];

/** Which Mexican cities a ring buying in a given US state mostly supplies (nearest crossing first). */
export const MX_CORRIDOR: Readonly<Record<string, readonly string[]>> = {
  AZ: ['Nogales', 'Naco', 'Agua Prieta', 'Hermosillo', 'Caborca', 'Culiacan'],
  CA: ['Tijuana', 'Mexicali', 'Culiacan', 'Guadalajara'],
  NM: ['Ciudad Juarez', 'Chihuahua', 'Ojinaga'],
  TX: ['Ciudad Juarez', 'Nuevo Laredo', 'Reynosa', 'Matamoros', 'Monterrey', 'Piedras Negras'],
};

export interface Agency {
  ori: string;
  name: string;
  city: City;
}

/** A police department and a sheriff's office per city; ORIs are synthetic but well-formed. */
export function agenciesOf(city: City): Agency[] {
  const n = String(city.idx).padStart(3, '0');
  return [
    { ori: `${city.state}${n}0000`, name: `${city.name} Police Department`, city },
    { ori: `${city.state}${n}0S00`, name: `${city.county} County Sheriff's Office`, city },
  ];
}

export const ATF_MEXICO_OFFICE = 'ATF Mexico City Country Office';
