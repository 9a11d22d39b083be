// The synthetic world generator: `simulate()` for programs (the demo loader, tests, benchmarks) and the
// `simulate` command for the CLI.
export { simulate, type SimulateOptions, type SimulateProgress, type SimulateResult, type TruthStats } from './simulate.js';
export { simulateCommand } from './cli.js';
export { SCENARIOS, SCENARIO_NAMES } from './scenarios.js';
export { DEFAULT_NOISE, type NoiseRates, type NoiseOption } from './noise.js';
export { validateWorld, type FileCheck } from './validate.js';

/** The small world `npm start` loads into an empty database: generates in about a second of CPU. */
export const DEMO_WORLD = { scenario: 'border-baseline', seed: 1, scale: 0.02 } as const;
