import { api, signUp, type SignedInUser } from '../testing/client';
import { deliverEvent, envelope, listedTicket } from '../testing/fixtures';
import { startTestStack, type TestStack } from '../testing/stack';
import { waitFor } from '../local/ports';
import { BUYERS, ORDERS } from '../orders/store';
import { TICKET_REPLICA } from '../orders/replica';
import { LISTINGS } from '../tickets/store';

let stack: TestStack;
let seller: SignedInUser;
let buyers: SignedInUser[];
beforeAll(async () => {
  stack = await startTestStack({ domains: ['auth', 'tickets', 'orders'], bridge: true });
  seller = await signUp(stack.origin);
  buyers = [];
  for (let i = 0; i < 50; i += 10) buyers.push(...(await Promise.all(Array.from({ length: 10 }, () => signUp(stack.origin)))));
});
afterAll(() => stack.close());

/**
 * Lets time pass for chosen orders: every copy of their expiry (the order, orders' hold, the buyer's list,
 * tickets' reservedUntil) moves into the past, as if the clock had run on.
 */
async function expire(orderIds: string[]) {
  const db = stack.platform('orders').db;
  const past = new Date(Date.now() - 1000);
  for (const id of orderIds) {
    const order = (await db.collection(ORDERS).doc(id).get()).data()!;
    await db.collection(ORDERS).doc(id).update({ expiresAt: past });
    await db.collection(TICKET_REPLICA).doc(order.ticket.id).update({ 'hold.expiresAt': past });
    const listing = stack.platform('tickets').db.collection(LISTINGS).doc(order.ticket.id);
    if ((await listing.get()).data()?.orderId === id) await listing.update({ reservedUntil: past });
    const buyer = db.collection(BUYERS).doc(order.userId);
    const open = ((await buyer.get()).data()?.open ?? []) as Array<{ orderId: string; expiresAt: Date }>;
    await buyer.set({ open: open.map((hold) => (hold.orderId === id ? { ...hold, expiresAt: past } : hold)) });
  }
}

describe('orders › flash sale', () => {
  it('50 buyers × 10 tickets at once: exactly one reservation per ticket, 490 refusals with 409, five rounds in a row', async () => {
    const tickets = await Promise.all(Array.from({ length: 10 }, () => listedTicket(stack, seller)));
    const ticketIds = tickets.map((t) => t.id);

    for (let round = 1; round <= 5; round++) {
      // Every buyer tries every ticket, interleaved so that the first requests for the ten tickets come from ten
      // different buyers (sent buyer by buyer, one buyer's early requests would win six and meet the 5-hold limit).
      const attempts = Array.from({ length: buyers.length * ticketIds.length }, (_, k) => ({
        buyer: buyers[k % buyers.length]!,
        ticketId: ticketIds[(k + Math.floor(k / buyers.length)) % ticketIds.length]!,
      }));
      const responses = await Promise.all(attempts.map(({ buyer, ticketId }) => api(stack.origin, 'POST', '/api/orders', { token: buyer.token, body: { ticketId } })));
      const statuses = responses.map((r) => r.status);
      const others = responses.filter((r) => r.status !== 201 && r.status !== 409).map((r) => [r.status, r.body]);
      expect({ round, created: statuses.filter((s) => s === 201).length, refused: statuses.filter((s) => s === 409).length, others }).toEqual({ round, created: 10, refused: 490, others: [] });

      const winners = responses.filter((r) => r.status === 201).map((r) => r.body as { id: string; ticket: { id: string } });
      expect(new Set(winners.map((w) => w.ticket.id))).toEqual(new Set(ticketIds));

      // Orders' side: each replica document names exactly the winning order.
      const replicas = await Promise.all(ticketIds.map((id) => stack.platform('orders').db.collection(TICKET_REPLICA).doc(id).get()));
      const holders = new Map(replicas.map((doc) => [doc.id, doc.data()?.hold?.orderId]));
      for (const winner of winners) expect(holders.get(winner.ticket.id)).toBe(winner.id);

      // Tickets' side, once the events have flowed: every ticket reserved by the one winning order.
      await waitFor(async () => {
        const docs = await Promise.all(ticketIds.map((id) => stack.platform('tickets').db.collection(LISTINGS).doc(id).get()));
        return docs.every((doc) => doc.data()?.status === 'reserved' && winners.some((w) => w.id === doc.data()?.orderId && w.ticket.id === doc.id));
      }, { what: `round ${round}: tickets to agree with orders`, timeoutMs: 30_000 });

      // Between rounds: some holds are cancelled by their buyers, some run out and their task fires, and some
      // run out with no task at all (lazy expiry alone must free them).
      const [cancelled, expiredWithTask, expiredLazily] = [winners.slice(0, 3), winners.slice(3, 7), winners.slice(7)];
      for (const order of cancelled) {
        const owner = attempts[responses.findIndex((r) => r.body?.id === order.id)]!.buyer;
        expect((await api(stack.origin, 'DELETE', `/api/orders/${order.id}`, { token: owner.token })).status).toBe(204);
      }
      await expire([...expiredWithTask, ...expiredLazily].map((o) => o.id));
      for (const order of expiredWithTask) {
        expect((await deliverEvent(stack, 'orders', envelope('expiration.complete', { orderId: order.id }))).status).toBe(200);
      }
    }
  });
});
