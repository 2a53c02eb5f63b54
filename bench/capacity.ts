import { parseArgs } from 'node:util';
import { capacityPlan, LIMITS, SHARDS, writesByCollection, writesPerReservation, WRITES_PER_RESERVATION } from './capacity-model';

/** `npm run capacity -- --rate 10000`: the capacity plan for an on-sale at that many reservations a second. */
const { values } = parseArgs({ options: { rate: { type: 'string', default: '1000' } } });
const rate = Number(values.rate);
if (!Number.isFinite(rate) || rate <= 0) {
  console.error(`--rate must be a positive number of reservations per second, got "${values.rate}"`);
  process.exit(2);
}
const plan = capacityPlan(rate);
const n = (value: number) => value.toLocaleString('en-US');

console.log(`TicketHub capacity plan for ${n(rate)} reservations/s\n`);
console.log(`Firestore writes per reservation: ${writesPerReservation()}`);
for (const [step, writes] of Object.entries(WRITES_PER_RESERVATION)) console.log(`  ${step.padEnd(28)} ${JSON.stringify(writes)}`);
console.log(`\nFirestore: ${n(plan.firestoreWritesPerSecond)} writes/s in all; by collection:`);
for (const [collection, per] of Object.entries(writesByCollection())) console.log(`  ${collection.padEnd(28)} ${n(per * rate)} writes/s`);
console.log(
  `\nMonotonic index ranges (ceiling ${LIMITS.sequentialIndexWritesPerSecond} writes/s each; outbox shards ${SHARDS.outbox}, order shards ${SHARDS.orders}):`,
);
for (const range of plan.indexRanges)
  console.log(`  ${range.index.padEnd(40)} ${n(range.perRange)} writes/s per range ${range.ok ? 'ok' : 'OVER: raise the shard count'}`);
console.log(`  every other clock-derived field: not indexed (firestore.indexes.json fieldOverrides)`);
console.log(
  `\nPre-sale ramp (500/50/5): the busiest collection, ${plan.busiestCollection.name} at ${n(plan.busiestCollection.writesPerSecond)} writes/s,` +
    ` needs ${plan.busiestCollection.rampMinutes} minutes of warm-up traffic growing 50 % every 5 minutes from 500 ops/s.`,
);
console.log(`\nFunctions: orders (reservations) ${plan.reserveInstances} instances at concurrency 80 (min_instance_count during the on-sale)`);
console.log(
  `Events: ${n(plan.deliveriesPerSecond)} deliveries/s, ${n(plan.deliveriesInFlight)} in flight: ${plan.eventInstances} instances across the consumers,`,
);
console.log(`  ${plan.partitionsPerSubject} partition(s) of order.created per consuming domain (32 lanes each)`);
console.log(
  `\nStripe: ${n(plan.stripe.intentsPerSecond)} PaymentIntents/s if every buyer pays at once (${n(plan.stripe.callsPerSecond)} calls/s);` +
    ` the default ceiling is ${plan.stripe.defaultCeiling}/s per endpoint, ${LIMITS.stripePerAccount}/s per account.`,
);
console.log(
  `  Ask Stripe (six weeks ahead) for ${n(plan.stripe.increaseTo.perEndpoint)}/s on POST /v1/payment_intents and ${n(plan.stripe.increaseTo.perAccount)}/s per account,` +
    ` or let payments queue: STRIPE_INTENT_RATE = granted rate / payments max instances; the hold (15 min) bounds the wait.`,
);
