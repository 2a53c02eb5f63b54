/**
 * How many runs a property test makes. Every run of an HTTP property goes through the whole stack, so `npm test` makes
 * about a hundred per property (a fresh random seed each time, so CI runs add up) and the nightly `npm run test:deep`
 * makes the full count (FUZZ_RUNS=full). A number in FUZZ_RUNS caps every property at that many runs.
 */
export const DEFAULT_FUZZ_RUNS = 100;

export function fuzzRuns(full: number, setting = process.env.FUZZ_RUNS): number {
  if (setting === 'full') return full;
  const cap = setting ? Number(setting) : DEFAULT_FUZZ_RUNS;
  if (!Number.isInteger(cap) || cap < 1) throw new Error(`FUZZ_RUNS must be "full" or a whole number of runs, not ${JSON.stringify(setting)}`);
  return Math.min(full, cap);
}
