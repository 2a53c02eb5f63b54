import { OUTBOX_SHARDS } from '@tickethub/functions/src/platform/outbox';
import { ORDER_SHARDS } from '@tickethub/functions/src/orders/store';

/**
 * The capacity model (README "Capacity"): what a given rate of reservations asks of Firestore, the functions, NATS and
 * Stripe. The write counts are counted from the code (and re-counted in a real run by `npm run bench`, which fails
 * the row when the code and this table differ); the limits are Google's and Stripe's published ones.
 */

/** Firestore writes, per collection, for one reservation and the events it causes (cloud: no local timer record). */
export const WRITES_PER_RESERVATION = {
  'POST /api/orders': { orders_tickets: 1, orders_buyers: 1, orders_orders: 1, orders_outbox: 2 },
  'order.created → tickets': { tickets_listings: 1, tickets_orders: 1, tickets_processed_events: 1, tickets_outbox: 2 },
  'order.created → payments': { payments_orders: 1, payments_processed_events: 1 },
  'order.created → expiration': { expiration_processed_events: 1 },
  'ticket.updated → orders': { orders_tickets: 1, orders_processed_events: 1 },
} as const satisfies Record<string, Record<string, number>>;

/** Event deliveries (bridge → function) per reservation: order.created to three domains, ticket.updated to orders. */
export const DELIVERIES_PER_RESERVATION = 4;

export const LIMITS = {
  /** Google: a collection with a monotonically increasing indexed field sustains about 500 writes/s per index range. */
  sequentialIndexWritesPerSecond: 500,
  /** Google's ramp rule (500/50/5): a new collection starts at 500 ops/s and may grow 50 % every 5 minutes. */
  rampStartOpsPerSecond: 500,
  rampGrowth: 1.5,
  rampStepMinutes: 5,
  /** Google: about one sustained write per second per document. */
  writesPerDocumentPerSecond: 1,
  /** Stripe: 25 requests/s per endpoint, 100/s per account in live mode (docs.stripe.com/rate-limits). */
  stripePerEndpoint: 25,
  stripePerAccount: 100,
};

export const ASSUMPTIONS = {
  /** Time a reservation request is in flight (measured locally well below; the cloud adds network). */
  reservationSeconds: 0.1,
  /** Cloud Run concurrency per function instance we configure for the on-sale functions. */
  concurrencyPerInstance: 80,
  /** One delivery (bridge POST + the handler's Firestore transaction). */
  deliverySeconds: 0.03,
  /** Deliveries in flight per (domain, subject, partition) consumer (parallel lanes, max_ack_pending). */
  lanesPerPartition: 32,
  /** Stripe calls per paid order: create intent, confirm (Stripe.js), retrieve in the webhook. */
  stripeCallsPerOrder: 3,
};

export const SHARDS = { outbox: OUTBOX_SHARDS, orders: ORDER_SHARDS };

export function writesPerReservation(): number {
  return Object.values(WRITES_PER_RESERVATION).reduce((sum, writes) => sum + Object.values(writes).reduce((a, b) => a + b, 0), 0);
}

export function writesByCollection(): Record<string, number> {
  const total: Record<string, number> = {};
  for (const writes of Object.values(WRITES_PER_RESERVATION))
    for (const [collection, n] of Object.entries(writes)) total[collection] = (total[collection] ?? 0) + n;
  return total;
}

/** Minutes of warm-up traffic a collection needs to go from the ramp's start to `opsPerSecond`. */
export function rampMinutes(opsPerSecond: number): number {
  if (opsPerSecond <= LIMITS.rampStartOpsPerSecond) return 0;
  return Math.ceil(Math.log(opsPerSecond / LIMITS.rampStartOpsPerSecond) / Math.log(LIMITS.rampGrowth)) * LIMITS.rampStepMinutes;
}

export interface CapacityPlan {
  rate: number;
  firestoreWritesPerSecond: number;
  busiestCollection: { name: string; writesPerSecond: number; rampMinutes: number };
  /** The monotonic index ranges of the hottest indexes: writes/s per range against the 500/s ceiling. */
  indexRanges: Array<{ index: string; perRange: number; ceiling: number; ok: boolean }>;
  reserveInstances: number;
  deliveriesPerSecond: number;
  deliveriesInFlight: number;
  partitionsPerSubject: number;
  eventInstances: number;
  stripe: { intentsPerSecond: number; callsPerSecond: number; defaultCeiling: number; increaseTo: { perEndpoint: number; perAccount: number } };
}

export function capacityPlan(rate: number): CapacityPlan {
  const byCollection = Object.entries(writesByCollection()).map(([name, n]) => ({ name, writesPerSecond: n * rate }));
  const busiest = byCollection.sort((a, b) => b.writesPerSecond - a.writesPerSecond)[0]!;
  const ceiling = LIMITS.sequentialIndexWritesPerSecond;
  // One outbox entry per event, into the growing end of its shard's sent=false range; marking it sent moves it to
  // the growing end of the same shard's sent=true range: each range takes rate / shards new entries a second.
  const indexRanges = [
    { index: 'orders_outbox (shard, sent, createdAt)', perRange: rate / SHARDS.outbox },
    { index: 'tickets_outbox (shard, sent, createdAt)', perRange: rate / SHARDS.outbox },
    { index: 'orders_orders (shard, createdAt)', perRange: rate / SHARDS.orders },
  ].map((range) => ({ ...range, perRange: Math.ceil(range.perRange), ceiling, ok: range.perRange <= ceiling }));
  const inFlight = rate * ASSUMPTIONS.reservationSeconds;
  const deliveriesPerSecond = rate * DELIVERIES_PER_RESERVATION;
  const deliveriesInFlight = deliveriesPerSecond * ASSUMPTIONS.deliverySeconds;
  const perPartition = ASSUMPTIONS.lanesPerPartition / ASSUMPTIONS.deliverySeconds;
  return {
    rate,
    firestoreWritesPerSecond: rate * writesPerReservation(),
    busiestCollection: { ...busiest, rampMinutes: rampMinutes(busiest.writesPerSecond) },
    indexRanges,
    reserveInstances: Math.ceil(inFlight / ASSUMPTIONS.concurrencyPerInstance),
    deliveriesPerSecond,
    deliveriesInFlight: Math.ceil(deliveriesInFlight),
    // order.created is the busiest subject: one consumer per domain, each needs rate / perPartition partitions.
    partitionsPerSubject: Math.ceil(rate / perPartition),
    eventInstances: Math.ceil(deliveriesInFlight / ASSUMPTIONS.concurrencyPerInstance),
    stripe: {
      intentsPerSecond: rate,
      callsPerSecond: rate * ASSUMPTIONS.stripeCallsPerOrder,
      defaultCeiling: LIMITS.stripePerEndpoint,
      increaseTo: { perEndpoint: Math.ceil(rate * 1.2), perAccount: Math.ceil(rate * ASSUMPTIONS.stripeCallsPerOrder * 1.2) },
    },
  };
}
