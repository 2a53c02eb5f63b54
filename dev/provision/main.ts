import { NEEDS, provision } from './provision';

/**
 * `tsx dev/provision/main.ts [start|test]`: what `npm start` (and, with `test`, `npm test`) needs on this machine,
 * installed when it is missing. Quiet when everything is there.
 */
const forTests = process.argv[2] === 'test';
const needs = [NEEDS.nats, NEEDS.java, NEEDS.firestore, ...(forTests ? [NEEDS.chromium] : [])];
const started = Date.now();
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
