import { DEFAULT_FUZZ_RUNS, fuzzRuns } from './fuzz';

describe('fuzz run counts', () => {
  it.each([
    [500, undefined, DEFAULT_FUZZ_RUNS],
    [60, undefined, 60],
    [500, 'full', 500],
    [500, '20', 20],
    [10, '20', 10],
  ])('a property of %i full runs makes %s → %i runs', (full, setting, expected) => {
    expect(fuzzRuns(full, setting)).toBe(expected);
  });

  it.each(['0', '-3', 'many', '2.5'])('refuses FUZZ_RUNS=%s instead of running a silently different count', (setting) => {
    expect(() => fuzzRuns(500, setting)).toThrow(/FUZZ_RUNS/);
  });
});
