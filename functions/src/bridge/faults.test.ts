import { api, signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { createTicket, listedTicket } from '@tickethub/dev/testing/fixtures';
import { expectDomainsAgree } from '@tickethub/dev/testing/invariants';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { createDeadLetters } from '../platform/dead-letters';
import { TICKET_REPLICA } from '../orders/replica';
import { EVENTUALLY_MS, waitFor } from '@tickethub/dev/testing/eventually';

/**
 * Faults under traffic, black-box on the real stack. The retry budget is generous here (no fault outlasts it) and
 * the backoff short and capped, so "several minutes of a failing function" is many refused deliveries in seconds:
 * the tests count deliveries, never time.
 */
let stack: TestStack;
let seller: SignedInUser;
let buyers: SignedInUser[];
beforeAll(async () => {
  stack = await startTestStack({
    domains: ['auth', 'tickets', 'orders'],
    bridge: { retryBudgetMs: 120_000, minDeliveries: 3, baseBackoffMs: 20, maxBackoffMs: 200 },
  });
  seller = await signUp(stack.origin);
  buyers = await Promise.all(Array.from({ length: 4 }, () => signUp(stack.origin)));
});
afterAll(() => stack.close());

const inReplica = async (ids: string[]) => {
  const docs = await Promise.all(ids.map((id) => stack.platform('orders').db.collection(TICKET_REPLICA).doc(id).get()));
  return docs.every((doc) => doc.exists);
};
const deadLetters = () => createDeadLetters(stack.platform('orders').db).count();

async function reserveSome(tickets: Array<{ id: string }>) {
  return Promise.all(
    tickets.map((ticket, i) => api(stack.origin, 'POST', '/api/orders', { token: buyers[i % buyers.length]!.token, body: { ticketId: ticket.id } })),
  );
}

describe('events › faults under traffic', () => {
  for (const status of [503, 401]) {
    it(`loses no event while a function answers ${status} for a long stretch (many backoff rounds), then recovers`, async () => {
      const listed = await Promise.all(Array.from({ length: 4 }, () => listedTicket(stack, seller)));
      stack.faults.fail('tickets', status);
      stack.faults.fail('orders', status);
      const refusedBefore = stack.faults.refused('orders');
      const created = await Promise.all(Array.from({ length: 6 }, () => createTicket(stack, seller)));
      const reservations = await reserveSome(listed);
      expect(reservations.map((r) => r.status)).toEqual([201, 201, 201, 201]);
      // Each event refused again and again, past the budget's minimum deliveries: what hours of an outage look like.
      await waitFor(async () => stack.faults.refused('orders') - refusedBefore >= 60, { what: 'many refused deliveries', timeoutMs: 30_000 });
      expect(await inReplica(created.map((t) => t.id))).toBe(false);
      stack.faults.heal('orders');
      stack.faults.heal('tickets');
      await waitFor(() => inReplica(created.map((t) => t.id)), { what: 'every ticket in the replica', timeoutMs: EVENTUALLY_MS });
      expect(await deadLetters()).toBe(0);
      await expectDomainsAgree(stack);
    });
  }

  it('loses no event when NATS is paused (hung) and when it is killed and restarted under traffic', async () => {
    const listed = await Promise.all(Array.from({ length: 4 }, () => listedTicket(stack, seller)));
    stack.nats.pause();
    const during = await Promise.all([Promise.all(Array.from({ length: 3 }, () => createTicket(stack, seller))), reserveSome(listed.slice(0, 2))]);
    stack.nats.resume();
    await stack.nats.stop();
    const killed = await Promise.all([Promise.all(Array.from({ length: 3 }, () => createTicket(stack, seller))), reserveSome(listed.slice(2))]);
    await stack.nats.restart();
    expect([...during[1], ...killed[1]].map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const created = [...during[0], ...killed[0]];
    await waitFor(() => inReplica(created.map((t) => t.id)), { what: 'every ticket in the replica', timeoutMs: 40_000 });
    await expectDomainsAgree(stack, 40_000);
  });

  it('applies every event exactly once when the bridge is killed mid-delivery and a new one takes over', async () => {
    const created = await Promise.all(Array.from({ length: 12 }, () => createTicket(stack, seller)));
    await stack.killBridge();
    const more = await Promise.all(Array.from({ length: 4 }, () => createTicket(stack, seller)));
    await stack.startBridge();
    const ids = [...created, ...more].map((t) => t.id);
    await waitFor(() => inReplica(ids), { what: 'every ticket in the replica', timeoutMs: EVENTUALLY_MS });
    const replicas = await Promise.all(ids.map((id) => stack.platform('orders').db.collection(TICKET_REPLICA).doc(id).get()));
    expect(replicas.map((doc) => doc.data()?.version)).toEqual(ids.map(() => 0));
    await expectDomainsAgree(stack);
  });
});
