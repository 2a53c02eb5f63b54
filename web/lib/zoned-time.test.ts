import { wallTimeToIso } from './zoned-time';

describe('wallTimeToIso', () => {
  test('reads wall-clock time in the given zone, summer and winter', () => {
    expect(wallTimeToIso('2030-07-01T20:00', 'Europe/London')).toBe('2030-07-01T19:00:00.000Z');
    expect(wallTimeToIso('2030-01-15T20:00', 'Europe/London')).toBe('2030-01-15T20:00:00.000Z');
    expect(wallTimeToIso('2030-07-01T20:00', 'America/New_York')).toBe('2030-07-02T00:00:00.000Z');
    expect(wallTimeToIso('2030-07-01T20:00', 'UTC')).toBe('2030-07-01T20:00:00.000Z');
  });

  test('handles the days the clocks change', () => {
    // London springs forward at 01:00 UTC on 2030-03-31; 03:30 local is then BST.
    expect(wallTimeToIso('2030-03-31T03:30', 'Europe/London')).toBe('2030-03-31T02:30:00.000Z');
  });

  test('refuses anything that is not a datetime-local value', () => {
    expect(wallTimeToIso('tomorrow', 'UTC')).toBeUndefined();
    expect(wallTimeToIso('', 'UTC')).toBeUndefined();
  });
});
