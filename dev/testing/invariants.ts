import { waitFor } from './eventually';
import type { TestStack } from './stack';
import { EVENTUALLY_MS } from './eventually';

type Doc = Record<string, any>;

const millis = (value: unknown): number =>
  value && typeof (value as { toMillis?: unknown }).toMillis === 'function' ? (value as { toMillis(): number }).toMillis() : 0;

async function all(stack: TestStack, collection: string): Promise<Doc[]> {
  const snapshot = await stack.platform('orders').db.collection(collection).get();
  return snapshot.docs.map((doc) => ({ id: doc.id, ...doc.data() }));
}

/**
 * Where the domains disagree, read straight from each one's store: a ticket is reserved exactly while a live order
 * holds it, sold exactly when one complete order bought it, never sold twice, and every payment Stripe took belongs
 * to a complete order or was refunded. An empty list means the domains agree.
 */
export async function disagreements(stack: TestStack, now = Date.now()): Promise<string[]> {
  const [listings, orders, payments] = await Promise.all([all(stack, 'tickets_listings'), all(stack, 'orders_orders'), all(stack, 'payments_payments')]);
  const problems: string[] = [];
  const live = (order: Doc) => (order.status === 'created' && millis(order.expiresAt) > now) || order.status === 'awaiting:payment';
  for (const listing of listings) {
    const mine = orders.filter((order) => order.ticket?.id === listing.id);
    const complete = mine.filter((order) => order.status === 'complete');
    const holding = mine.filter(live);
    // The tickets side expires a reservation lazily too: reserved past reservedUntil reads as available.
    const reserved = listing.status === 'reserved' && (listing.reservedUntil === null || millis(listing.reservedUntil) > now || holding.length > 0);
    if (complete.length > 1) problems.push(`ticket ${listing.id} sold twice: ${complete.map((o) => o.id).join(', ')}`);
    if ((listing.status === 'sold') !== (complete.length === 1))
      problems.push(`ticket ${listing.id} is ${listing.status} with ${complete.length} complete orders`);
    if (listing.status === 'sold' && complete[0] && listing.orderId !== complete[0].id)
      problems.push(`ticket ${listing.id} sold to ${listing.orderId}, completed by ${complete[0].id}`);
    if (listing.status !== 'sold' && reserved !== holding.length > 0)
      problems.push(`ticket ${listing.id} is ${reserved ? 'reserved' : listing.status} with ${holding.length} live orders`);
    if (reserved && holding[0] && listing.orderId !== holding[0].id)
      problems.push(`ticket ${listing.id} reserved by ${listing.orderId}, held by ${holding[0].id}`);
  }
  for (const payment of payments) {
    const order = orders.find((o) => o.id === payment.orderId);
    if (payment.status === 'succeeded' && order?.status !== 'complete')
      problems.push(`payment for order ${payment.orderId} succeeded, order is ${order?.status}`);
  }
  return problems;
}

/** Waits until every domain agrees (events may still be on their way), then asserts it. */
export async function expectDomainsAgree(stack: TestStack, timeoutMs = EVENTUALLY_MS): Promise<void> {
  let last: string[] = [];
  await waitFor(
    async () => {
      last = await disagreements(stack);
      return last.length === 0;
    },
    { what: 'the domains to agree', timeoutMs, intervalMs: 250 },
  ).catch(() => undefined);
  expect(last).toEqual([]);
}
