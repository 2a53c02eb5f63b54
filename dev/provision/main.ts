import { assertNodeMajor } from './node-runtime';
import { NEEDS, provision } from './provision';

/**
 * `tsx dev/provision/main.ts [start|test]`: what `npm start` (and, with `test`, `npm test`) needs on this machine,
 * installed when it is missing. node24.mjs has provisioned Node before this runs; this names the Node it runs on.
 */
const forTests = process.argv[2] === 'test';
const needs = [NEEDS.nats, NEEDS.java, NEEDS.firestore, ...(forTests ? [NEEDS.chromium] : [])];
const started = Date.now();
try {
  assertNodeMajor('provisioning');
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
console.log(`provision: Node ${process.version} (${process.execPath})`);
provision(needs).then(
  () => {
    const seconds = (Date.now() - started) / 1000;
    if (seconds > 1) console.log(`provision: done in ${seconds.toFixed(1)} s`);
  },
  (error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  },
);
