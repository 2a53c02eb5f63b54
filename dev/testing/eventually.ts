/**
 * How long a test waits for the event pipeline to do what it must eventually do (a replica to catch up, a payout to be
 * paid, the shop to hear of a change). A bound on liveness, not on speed: on two cores running two suites at once,
 * deliveries that take a second on a quiet machine took over 30 s (firestore-pause, payouts and the rehearsal each
 * failed a loaded CI run at 30 s). How fast events travel is measured in the benchmark, never asserted in a test.
 */
export const EVENTUALLY_MS = 90_000;
