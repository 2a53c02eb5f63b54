import { formatTable, percentile, pool, ratioRow } from './harness';
import { capacityPlan, writesPerReservation } from './capacity-model';

/** A smoke test of the benchmark's harness (the benchmark itself stays out of npm test: `npm run bench`). */
describe('bench › harness', () => {
  it('judges a row against its goal in either direction', () => {
    expect(ratioRow('rate', 60, 'req/s', 100, { atLeast: 0.5 })).toMatchObject({ ratio: 0.6, met: true, goal: '≥ 0.5× floor' });
    expect(ratioRow('rate', 40, 'req/s', 100, { atLeast: 0.5 })).toMatchObject({ ratio: 0.4, met: false });
    expect(ratioRow('p99', 400, 'ms', 100, { atMost: 3 })).toMatchObject({ ratio: 4, met: false, goal: '≤ 3× floor' });
  });

  it('prints one table line per row, with floor, ratio and whether the goal is met', () => {
    const table = formatTable([
      ratioRow('rate', 60, 'req/s', 100, { atLeast: 0.5 }),
      { name: 'shop', value: 110, unit: 'kB', floor: null, ratio: null, goal: '≤ 130 kB', met: true },
    ]);
    expect(table.split('\n')).toHaveLength(4);
    expect(table).toMatch(/\| rate +\| 60 req\/s +\| 100 req\/s +\| 0\.6× +\| ≥ 0\.5× floor +\| yes +\|/);
    expect(table).toMatch(/\| shop .*\| — .*\| — .*\| yes/);
  });

  it('takes percentiles by rank and runs a pool at its concurrency', async () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(
      percentile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        99,
      ),
    ).toBe(99);
    let running = 0;
    let peak = 0;
    await pool(
      Array.from({ length: 20 }, (_, i) => i),
      4,
      async () => {
        peak = Math.max(peak, ++running);
        await new Promise((resolve) => setImmediate(resolve));
        running--;
      },
    );
    expect(peak).toBe(4);
  });

  it('the capacity plan follows the model: the monotonic index ranges stay under 500 writes/s at 10,000 reservations/s', () => {
    const plan = capacityPlan(10_000);
    expect(plan.firestoreWritesPerSecond).toBe(10_000 * writesPerReservation());
    expect(plan.indexRanges.every((range) => range.ok)).toBe(true);
    expect(capacityPlan(1000).reserveInstances).toBeLessThan(plan.reserveInstances);
  });
});
