import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startFirestoreEmulator } from '../stack/firestore-emulator';
import { freePort } from '../stack/ports';
import { assertNodeMajor } from '../provision/node-runtime';
import { withLocalBin } from '../provision/provision';
import { timed } from './phase-timings';

export const STATE_FILE = join(tmpdir(), `tickethub-jest-${process.pid}.json`);

/**
 * One official Firestore emulator for the whole run (each test file uses its own project id, so files run in
 * parallel without seeing each other). Workers inherit FIRESTORE_EMULATOR_HOST from this process.
 */
export default async function globalSetup(): Promise<void> {
  process.env.NODE_ENV = 'test';
  assertNodeMajor('Jest');
  // No GCE metadata server on a developer machine: skip the lookup and its warning.
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  // `npm test` provisioned the machine first; a nats-server it downloaded sits in .local/bin, which workers inherit.
  withLocalBin();
  if (!process.env.FIRESTORE_EMULATOR_HOST) {
    const emulator = await timed('firestore emulator start', async () => startFirestoreEmulator(await freePort()));
    process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
    (globalThis as { __FIRESTORE_EMULATOR__?: unknown }).__FIRESTORE_EMULATOR__ = emulator;
    writeFileSync(STATE_FILE, JSON.stringify({ pid: emulator.child.process.pid }));
  }
}
