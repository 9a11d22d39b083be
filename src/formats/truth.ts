// The simulator's ground truth (truth.json, truth-records.ndjson) is for measuring detection and entity resolution,
// never for the database. Both files open with this marker as their first key, so that the importer recognises them
// by what they hold, whatever they are called.
export const SIMULATOR_TRUTH_KIND = 'interdict-simulate-truth';

const MARKER = /^\uFEFF?\s*\{\s*"kind"\s*:\s*"interdict-simulate-truth"/;

/** Whether a file's first bytes (as text) are the simulator's ground truth. */
export function isSimulatorTruth(head: string): boolean {
  return MARKER.test(head);
}
