import { waitFor as poll } from '../stack/ports';

/**
 * How long a test waits for the event pipeline to do what it must eventually do (a replica to catch up, a payout to be
 * paid, the shop to hear of a change). A bound on liveness, not on speed: on two cores running two suites at once,
 * deliveries that take a second on a quiet machine took over 30 s (firestore-pause, payouts and the rehearsal each
 * failed a loaded CI run at 30 s). How fast events travel is measured in the benchmark, never asserted in a test.
 */
export const EVENTUALLY_MS = 90_000;

/**
 * The tests' waitFor: the same poll as the stack's, bounded by EVENTUALLY_MS unless the caller says otherwise. The
 * stack's own default (30 s, for a server coming up) failed tests on a loaded machine that waited for a replica.
 */
export function waitFor<T>(probe: () => Promise<T | undefined | null | false>, options: Parameters<typeof poll>[1] = {}): Promise<T> {
  return poll(probe, { timeoutMs: EVENTUALLY_MS, ...options });
}
