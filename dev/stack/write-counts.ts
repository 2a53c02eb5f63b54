import { renameSync, writeFileSync } from 'node:fs';
import { WriteBatch } from '@google-cloud/firestore';

type Commit = (this: { _ops: Array<{ docPath: string }> }, ...args: unknown[]) => Promise<unknown>;

/**
 * Counts the Firestore documents this process writes, per collection (every batch and transaction commits through
 * WriteBatch._commit). For the benchmark's "writes per reservation", which checks the capacity model against a run.
 */
export function countWrites(): Record<string, number> {
  const counts: Record<string, number> = {};
  const proto = WriteBatch.prototype as unknown as { _commit: Commit };
  const original = proto._commit;
  proto._commit = async function (...args: unknown[]) {
    const paths = this._ops.map((op) => op.docPath);
    const result = await original.apply(this, args);
    for (const path of paths) {
      const collection = path.split('/').at(-2)!;
      counts[collection] = (counts[collection] ?? 0) + 1;
    }
    return result;
  };
  return counts;
}

/**
 * In a function's own process (dev/stack/function-main.ts, when WRITE_COUNTS_FILE is set): each SIGUSR2 writes
 * `{ asked, counts }` to the file, `asked` counting the signals, so the benchmark can wait for the answer to its own.
 */
export function reportWritesOnSignal(file: string): void {
  const counts = countWrites();
  let asked = 0;
  process.on('SIGUSR2', () => {
    asked += 1;
    writeFileSync(`${file}.tmp`, JSON.stringify({ asked, counts }));
    renameSync(`${file}.tmp`, file);
  });
}
