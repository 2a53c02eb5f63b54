import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a test run's time goes beyond its test files: each expensive step (a stack start, `next build`, a browser
 * launch, a deliberate fault's duration) appends one line to the run's timings folder, which the timing reporter
 * (dev/testing/timing-reporter.cjs) sums up. Outside a Jest run (no folder) nothing is written.
 */
export type Phase = 'stack start' | 'nats-server start' | 'firestore emulator start' | 'next build' | 'shop start' | 'browser launch' | 'fault hold';

export async function timed<T>(phase: Phase, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    recordPhase(phase, Date.now() - started);
  }
}

export function recordPhase(phase: Phase, ms: number): void {
  const dir = process.env.TICKETHUB_TIMINGS_DIR;
  if (!dir) return;
  const file = process.env.JEST_WORKER_ID ? `worker-${process.env.JEST_WORKER_ID}-${process.pid}.jsonl` : `main-${process.pid}.jsonl`;
  try {
    appendFileSync(join(dir, file), `${JSON.stringify({ phase, ms, testPath: currentTestPath() })}\n`);
  } catch {
    // A report is a convenience: a full disk must not fail a test.
  }
}

function currentTestPath(): string | undefined {
  const state = (globalThis as { expect?: { getState?: () => { testPath?: string } } }).expect?.getState?.();
  return state?.testPath;
}
