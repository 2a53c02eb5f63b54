import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { assertNodeMajor } from '@tickethub/dev/provision/node-runtime';
import { startFirestoreEmulator } from '@tickethub/dev/stack/firestore-emulator';
import { freePort } from '@tickethub/dev/stack/ports';
import { REPO_ROOT } from '@tickethub/dev/stack/settings';
import { figures } from './figures';
import { formatTable, type BenchContext, type Row } from './harness';
import { startBenchStack } from './stack';

/**
 * `npm run bench` (`-- --quick` for a short run, `-- --only browse,shop` for some figures): starts the real local
 * stack (the official Firestore emulator, nats-server, every function through functions-framework behind the gateway,
 * the events bridge, the Stripe stand-in), measures each figure beside its floor in the same run, prints the table
 * and writes .bench/results.json. Load comes from autocannon; times are never asserted by tests.
 */
async function main(): Promise<void> {
  assertNodeMajor('npm run bench');
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } } });
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  process.env.LOG_LEVEL ??= 'ERROR';
  const emulator = await startFirestoreEmulator(await freePort());
  process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
  const stack = await startBenchStack(['auth', 'tickets', 'orders', 'payments', 'expiration']);
  // Ctrl-C still stops the emulator and nats-server this run started.
  process.once('SIGINT', () => void Promise.allSettled([stack.close(), emulator.stop()]).then(() => process.exit(130)));
  const started = Date.now();
  const ctx: BenchContext = {
    stack,
    db: stack.db,
    quick: values.quick ?? false,
    memo: new Map(),
    log: (message) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`),
  };
  const only = values.only?.split(',');
  const rows: Row[] = [];
  try {
    for (const figure of figures) {
      if (only && !only.includes(figure.name)) continue;
      try {
        rows.push(...(await figure.run(ctx)));
      } catch (error) {
        ctx.log(`${figure.name} failed: ${String(error)}`);
        rows.push({ name: `${figure.name} (failed)`, value: Number.NaN, unit: '', floor: null, ratio: null, goal: '', met: false, note: String(error) });
      }
    }
  } finally {
    await stack.close();
    await emulator.stop();
  }
  console.log(`\nTicketHub benchmark${ctx.quick ? ' (quick)' : ''}, ${new Date().toISOString()}\n`);
  console.log(formatTable(rows));
  for (const row of rows.filter((r) => r.note)) console.log(`  ${row.name}: ${row.note}`);
  mkdirSync(join(REPO_ROOT, '.bench'), { recursive: true });
  writeFileSync(join(REPO_ROOT, '.bench', 'results.json'), JSON.stringify(rows, null, 2) + '\n');
  console.log(`\n${rows.filter((r) => r.met).length}/${rows.length} goals met; .bench/results.json written`);
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
