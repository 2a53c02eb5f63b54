import { api, expectEnvelope, signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { deliverEvent, envelope, listedTicket, publishedEvents } from '@tickethub/dev/testing/fixtures';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { fuzzRuns } from '@tickethub/dev/testing/fuzz';
import { waitFor } from '@tickethub/dev/testing/eventually';
import { ORDERS } from './store';

let stack: TestStack;
let seller: SignedInUser;
let buyer: SignedInUser;
let admin: SignedInUser;
beforeAll(async () => {
  stack = await startTestStack({ domains: ['auth', 'tickets', 'orders'], bridge: true, env: { ADMIN_EMAILS: 'ops@tickethub.test' } });
  [seller, buyer, admin] = await Promise.all([signUp(stack.origin), signUp(stack.origin), signUp(stack.origin, 'ops@tickethub.test')]);
});
afterAll(() => stack.close());

const reserve = (ticketId: unknown, user: SignedInUser = buyer) => api(stack.origin, 'POST', '/api/orders', { token: user.token, body: { ticketId } });
const ticketStatus = async (id: string) => (await api(stack.origin, 'GET', `/api/tickets/${id}`, { token: seller.token })).body;

describe('orders › reserve', () => {
  it('404 for an unknown ticket', async () => {
    const response = await reserve('no-such-ticket');
    expect(response.status).toBe(404);
    expectEnvelope(response);
  });

  it('401 without a session and 400 without a ticketId', async () => {
    expect((await api(stack.origin, 'POST', '/api/orders', { body: { ticketId: 'x' } })).status).toBe(401);
    const response = await api(stack.origin, 'POST', '/api/orders', { token: buyer.token, body: {} });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'ticketId' })]);
  });

  it('reserves an available ticket: 201 with expiresAt 15 minutes ahead, the price exact', async () => {
    const ticket = await listedTicket(stack, seller, { price: 19.99 });
    const before = Date.now();
    const response = await reserve(ticket.id);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      userId: buyer.id,
      status: 'created',
      cancelReason: null,
      version: 0,
      ticket: { id: ticket.id, title: ticket.title, price: 19.99, currency: 'usd' },
    });
    const expiresIn = Date.parse(response.body.expiresAt) - before;
    expect(expiresIn).toBeGreaterThan(899_000);
    expect(expiresIn).toBeLessThan(905_000);
  });

  it('emits order.created, and tickets marks the ticket reserved for that order', async () => {
    const ticket = await listedTicket(stack, seller);
    const order = (await reserve(ticket.id)).body;
    const events = await publishedEvents(stack.platform('orders'), 'order.created');
    expect(events.find((e) => e.data.id === order.id)?.data).toMatchObject({
      id: order.id,
      version: 0,
      status: 'created',
      userId: buyer.id,
      ticket: { id: ticket.id, price: 1999, currency: 'usd' },
    });
    await waitFor(async () => (await ticketStatus(ticket.id)).status === 'reserved', { what: 'tickets to reserve' });
    // Who holds a ticket is private on HTTP reads (API.md); the listing itself records the holding order.
    expect((await ticketStatus(ticket.id)).orderId).toBeUndefined();
    expect((await stack.platform('tickets').db.collection('tickets_listings').doc(ticket.id).get()).data()?.orderId).toBe(order.id);
  });

  it('409 "Ticket is already reserved" for a second buyer', async () => {
    const ticket = await listedTicket(stack, seller);
    expect((await reserve(ticket.id)).status).toBe(201);
    const other = await signUp(stack.origin);
    const response = await reserve(ticket.id, other);
    expect(response.status).toBe(409);
    expect(response.body.errors[0].message).toBe('Ticket is already reserved');
  });

  it('409 "You cannot buy your own ticket"', async () => {
    const ticket = await listedTicket(stack, seller);
    const response = await reserve(ticket.id, seller);
    expect(response.status).toBe(409);
    expect(response.body.errors[0].message).toBe('You cannot buy your own ticket');
  });

  it('409 for a withdrawn ticket and for a past event', async () => {
    const withdrawn = await listedTicket(stack, seller);
    await api(stack.origin, 'DELETE', `/api/tickets/${withdrawn.id}`, { token: seller.token });
    const replica = stack.platform('orders').db.collection('orders_tickets').doc(withdrawn.id);
    await waitFor(async () => (await replica.get()).data()?.status === 'withdrawn', { what: 'the withdrawal to reach orders' });
    expect((await reserve(withdrawn.id)).body.errors[0].code).toBe('ORDERS.TICKET_WITHDRAWN');
    const past = await listedTicket(stack, seller);
    await stack
      .platform('orders')
      .db.collection('orders_tickets')
      .doc(past.id)
      .update({ eventDate: new Date(Date.now() - 1000) });
    const response = await reserve(past.id);
    expect(response.status).toBe(409);
    expect(response.body.errors[0].code).toBe('ORDERS.PAST_EVENT');
  });

  it('429 with Retry-After when the buyer already holds 5 unexpired orders', async () => {
    const hoarder = await signUp(stack.origin);
    const tickets = await Promise.all(Array.from({ length: 6 }, () => listedTicket(stack, seller)));
    for (const ticket of tickets.slice(0, 5)) expect((await reserve(ticket.id, hoarder)).status).toBe(201);
    const sixth = await reserve(tickets[5]!.id, hoarder);
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    // Cancelling one frees a slot.
    const mine = await api(stack.origin, 'GET', '/api/orders', { token: hoarder.token });
    await api(stack.origin, 'DELETE', `/api/orders/${mine.body.items[0].id}`, { token: hoarder.token });
    expect((await reserve(tickets[5]!.id, hoarder)).status).toBe(201);
  });
});

describe('orders › read', () => {
  it('lists the caller’s own orders, newest first, with cursor pagination', async () => {
    const me = await signUp(stack.origin);
    const tickets = await Promise.all(Array.from({ length: 3 }, () => listedTicket(stack, seller)));
    const ids: string[] = [];
    for (const ticket of tickets) ids.push((await reserve(ticket.id, me)).body.id);
    const first = await api(stack.origin, 'GET', '/api/orders?limit=2', { token: me.token });
    expect(first.body.items.map((o: { id: string }) => o.id)).toEqual([ids[2], ids[1]]);
    const second = await api(stack.origin, 'GET', `/api/orders?limit=2&cursor=${first.body.nextCursor}`, { token: me.token });
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
  });

  it('shows an own order, answers 404 for another user’s, and lets an admin see any', async () => {
    const ticket = await listedTicket(stack, seller);
    const order = (await reserve(ticket.id)).body;
    expect((await api(stack.origin, 'GET', `/api/orders/${order.id}`, { token: buyer.token })).body).toEqual(order);
    const stranger = await signUp(stack.origin);
    expect((await api(stack.origin, 'GET', `/api/orders/${order.id}`, { token: stranger.token })).status).toBe(404);
    expect((await api(stack.origin, 'GET', `/api/orders/${order.id}`, { token: admin.token })).status).toBe(200);
    expect((await api(stack.origin, 'GET', '/api/orders/%2E%2E', { token: buyer.token })).status).toBe(404);
  });

  it('all=true is for admins only', async () => {
    expect((await api(stack.origin, 'GET', '/api/orders?all=true', { token: buyer.token })).status).toBe(403);
    const all = await api(stack.origin, 'GET', '/api/orders?all=true&limit=100', { token: admin.token });
    expect(all.body.items.some((o: { userId: string }) => o.userId === buyer.id)).toBe(true);
  });

  it('all=true pages through every order of every shard, newest first, each once', async () => {
    const [tickets, buyers] = await Promise.all([
      Promise.all(Array.from({ length: 6 }, () => listedTicket(stack, seller))),
      Promise.all([signUp(stack.origin), signUp(stack.origin)]),
    ]);
    const answers = await Promise.all(tickets.map((ticket, i) => reserve(ticket.id, buyers[i % 2])));
    expect(answers.map((answer) => answer.status)).toEqual(tickets.map(() => 201));
    const everyOrder = (await stack.platform('orders').db.collection(ORDERS).get()).docs.map((doc) => doc.data());
    // The orders sit in several shards, so the pages are merged from several queries.
    expect(new Set(everyOrder.map((order) => order.shard)).size).toBeGreaterThan(1);
    const seen: Array<{ id: string; createdAt: string }> = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Array<{ id: string; createdAt: string }>; nextCursor: string | null } } = await api(
        stack.origin,
        'GET',
        `/api/orders?all=true&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
        { token: admin.token },
      );
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.map((order) => order.id).sort()).toEqual(everyOrder.map((order) => order.id as string).sort());
    const times = seen.map((order) => Date.parse(order.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });
});

describe('orders › cancel', () => {
  it('cancels (204), emits order.cancelled with reason user, and the ticket becomes available again', async () => {
    const ticket = await listedTicket(stack, seller);
    const order = (await reserve(ticket.id)).body;
    await waitFor(async () => (await ticketStatus(ticket.id)).status === 'reserved', { what: 'reserved' });
    expect((await api(stack.origin, 'DELETE', `/api/orders/${order.id}`, { token: buyer.token })).status).toBe(204);
    expect((await api(stack.origin, 'GET', `/api/orders/${order.id}`, { token: buyer.token })).body).toMatchObject({
      status: 'cancelled',
      cancelReason: 'user',
      version: 1,
    });
    const events = await publishedEvents(stack.platform('orders'), 'order.cancelled');
    expect(events.find((e) => e.data.id === order.id)?.data).toEqual({ id: order.id, version: 1, reason: 'user', ticket: { id: ticket.id } });
    await waitFor(async () => (await ticketStatus(ticket.id)).status === 'available', { what: 'the ticket to be released' });
    const other = await signUp(stack.origin);
    expect((await reserve(ticket.id, other)).status).toBe(201);
  });

  it('is idempotent on a cancelled order and 404 for someone else’s', async () => {
    const ticket = await listedTicket(stack, seller);
    const order = (await reserve(ticket.id)).body;
    expect((await api(stack.origin, 'DELETE', `/api/orders/${order.id}`, { token: buyer.token })).status).toBe(204);
    expect((await api(stack.origin, 'DELETE', `/api/orders/${order.id}`, { token: buyer.token })).status).toBe(204);
    expect((await api(stack.origin, 'GET', `/api/orders/${order.id}`, { token: buyer.token })).body.version).toBe(1);
    const stranger = await signUp(stack.origin);
    expect((await api(stack.origin, 'DELETE', `/api/orders/${order.id}`, { token: stranger.token })).status).toBe(404);
  });

  it('409 when cancelling a complete order', async () => {
    const ticket = await listedTicket(stack, seller);
    const order = (await reserve(ticket.id)).body;
    await deliverEvent(
      stack,
      'orders',
      envelope('payment.created', { id: 'pay-1', orderId: order.id, paymentIntentId: 'pi_1', amount: 1999, currency: 'usd' }),
    );
    expect((await api(stack.origin, 'GET', `/api/orders/${order.id}`, { token: buyer.token })).body.status).toBe('complete');
    const response = await api(stack.origin, 'DELETE', `/api/orders/${order.id}`, { token: buyer.token });
    expect(response.status).toBe(409);
    expectEnvelope(response);
    await waitFor(async () => (await ticketStatus(ticket.id)).status === 'sold', { what: 'the ticket to be sold' });
  });

  it('cancels the order with reason ticket-withdrawn when the seller withdrew the ticket before tickets saw the hold', async () => {
    const ticket = await listedTicket(stack, seller);
    // Seller withdraws in tickets at the same moment as the buyer reserves in orders.
    const [order] = await Promise.all([reserve(ticket.id), api(stack.origin, 'DELETE', `/api/tickets/${ticket.id}`, { token: seller.token })]);
    if (order.status !== 201) return expect(order.status).toBe(409);
    const settled = await waitFor(
      async () => {
        const [o, t] = await Promise.all([api(stack.origin, 'GET', `/api/orders/${order.body.id}`, { token: buyer.token }), ticketStatus(ticket.id)]);
        return (o.body.status === 'cancelled' && t.status === 'withdrawn') || (o.body.status === 'created' && t.status === 'reserved')
          ? { o: o.body, t }
          : null;
      },
      { what: 'orders and tickets to agree' },
    );
    if (settled.t.status === 'withdrawn') expect(settled.o.cancelReason).toBe('ticket-withdrawn');
    else expect(settled.t.orderId).toBe(order.body.id);
  });
});

describe('orders › fuzz', () => {
  it('answers random bodies and ids with 4xx envelopes only and writes no order', async () => {
    const fc = (await import('fast-check')).default;
    const before = (await stack.platform('orders').db.collection(ORDERS).count().get()).data().count;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.anything(), fc.record({ ticketId: fc.oneof(fc.string(), fc.integer(), fc.constant(null)) })),
        fc.string({ maxLength: 40 }),
        async (body, id) => {
          const created = await api(stack.origin, 'POST', '/api/orders', { token: buyer.token, body });
          // Prefixed so that an empty id does not turn the path into the list route.
          const shown = await api(stack.origin, 'GET', `/api/orders/x${encodeURIComponent(id)}`, { token: buyer.token });
          const cancelled = await api(stack.origin, 'DELETE', `/api/orders/x${encodeURIComponent(id)}`, { token: buyer.token });
          for (const response of [created, shown, cancelled]) {
            expect(response.status).toBeGreaterThanOrEqual(400);
            expect(response.status).toBeLessThan(500);
            expect(response.body.errors.length).toBeGreaterThan(0);
          }
        },
      ),
      // 450 requests, each now also counted against the reservation limits (a transaction): sized for two busy cores.
      { numRuns: fuzzRuns(150) },
    );
    expect((await stack.platform('orders').db.collection(ORDERS).count().get()).data().count).toBe(before);
  }, 180_000);
});

describe('orders › ticket replica', () => {
  const ticketEvent = (type: 'ticket.created' | 'ticket.updated', version: number, title = `v${version}`) =>
    envelope(type, {
      id: 'replica-ticket',
      version,
      title,
      price: 500,
      currency: 'usd',
      sellerId: seller.id,
      eventDate: new Date(Date.now() + 86_400_000).toISOString(),
      status: 'available',
      ...(type === 'ticket.updated' ? { orderId: null } : {}),
    });
  const replica = async () => (await stack.platform('orders').db.collection('orders_tickets').doc('replica-ticket').get()).data();

  it('applies a version only on top of the one before: a skipped version is refused (503) and not applied', async () => {
    expect((await deliverEvent(stack, 'orders', ticketEvent('ticket.created', 0))).status).toBe(200);
    const v2 = ticketEvent('ticket.updated', 2);
    const early = await deliverEvent(stack, 'orders', v2);
    expect(early.status).toBe(503);
    expect(await replica()).toMatchObject({ version: 0, title: 'v0' });
    expect((await deliverEvent(stack, 'orders', ticketEvent('ticket.updated', 1))).status).toBe(200);
    expect((await deliverEvent(stack, 'orders', v2)).status).toBe(200);
    expect(await replica()).toMatchObject({ version: 2, title: 'v2' });
    // A late copy of an older version is acknowledged and ignored.
    expect((await deliverEvent(stack, 'orders', ticketEvent('ticket.updated', 1, 'stale'))).status).toBe(200);
    expect(await replica()).toMatchObject({ version: 2, title: 'v2' });
  });
});
