// The scenarios: volumes at scale 1, places and rules. `--scale K` multiplies every volume except the Phoenix ring
// itself (a replay of fixed facts); dealers grow with the square root of the scale.
import { dayOf } from './days.js';
import type { ScenarioConfig } from './world.js';

const HISPANIC = { AZ: 0.32, CA: 0.4, NM: 0.5, TX: 0.4 };

export const SCENARIOS: Readonly<Record<string, ScenarioConfig>> = {
  'border-baseline': {
    name: 'border-baseline',
    description: 'Arizona, California, New Mexico and Texas, 2016-2022: lawful trade, rings of every skill, ordinary crime guns.',
    start: dayOf('2016-01-01'),
    end: dayOf('2022-12-31'),
    dealers: { retail: 1200, wholesalers: 14, stateShares: { AZ: 0.14, CA: 0.16, NM: 0.06, TX: 0.28 }, outOfBusinessShare: 0.07 },
    buyerStates: { AZ: 0.22, CA: 0.28, NM: 0.1, TX: 0.4 },
    hispanicShare: HISPANIC,
    lawful: { singles: 400_000, occasional: 29_500, collectors: 4_700 },
    rings: { bold: 4, moderate: 4, careful: 4 },
    backgroundTraces: 24_500,
    theftReports: 250,
    mexicoShare: 0.08,
    rifleRule: 'law',
    phoenix: false,
  },
  'phoenix-2010': {
    name: 'phoenix-2010',
    description: 'Replay of the 2009-2011 Phoenix case among ordinary trade, with rifle multiple-sale reports switched on.',
    start: dayOf('2009-01-01'),
    end: dayOf('2012-02-29'),
    dealers: { retail: 700, wholesalers: 10, stateShares: { AZ: 0.35, CA: 0.1, NM: 0.05, TX: 0.15 }, outOfBusinessShare: 0.05 },
    buyerStates: { AZ: 0.6, CA: 0.1, NM: 0.1, TX: 0.2 },
    hispanicShare: HISPANIC,
    lawful: { singles: 150_000, occasional: 10_000, collectors: 1_600 },
    rings: { bold: 0, moderate: 0, careful: 0 },
    backgroundTraces: 9_000,
    theftReports: 100,
    mexicoShare: 0.1,
    rifleRule: 'always',
    phoenix: true,
  },
};

export const SCENARIO_NAMES = Object.keys(SCENARIOS);
