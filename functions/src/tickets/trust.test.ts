import { api, expectEnvelope, signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { createTicket, listedTicket, ticketBody } from '@tickethub/dev/testing/fixtures';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { findDamaged } from '@tickethub/dev/ops/repair';
import { waitFor } from '@tickethub/dev/testing/eventually';
import { LISTINGS } from './store';

let stack: TestStack;
let seller: SignedInUser;
let buyer: SignedInUser;
let admin: SignedInUser;
beforeAll(async () => {
  stack = await startTestStack({ domains: ['auth', 'tickets', 'orders'], bridge: true, env: { ADMIN_EMAILS: 'trust-admin@tickethub.test' } });
  [seller, buyer, admin] = await Promise.all([signUp(stack.origin), signUp(stack.origin), signUp(stack.origin, 'trust-admin@tickethub.test')]);
});
afterAll(() => stack.close());

const create = (overrides: Record<string, unknown>) => api(stack.origin, 'POST', '/api/tickets', { token: seller.token, body: ticketBody(overrides) });
const listingsCount = async () => (await stack.platform('tickets').db.collection(LISTINGS).count().get()).data().count;

describe('tickets › prices are checked against their own currency', () => {
  it.each([
    [1500.5, 'jpy', 'no decimals'],
    [1.005, 'kwd', 'multiple of 0.010'],
    [0.1, 'usd', 'at least 0.50 USD'],
    [0.29, 'gbp', 'at least 0.30 GBP'],
    [49, 'jpy', 'at least 50 JPY'],
    [200.5, 'huf', 'multiple of 1.00'],
    [10.999, 'usd', 'at most 2 decimals'],
  ])('refuses %p %s with 400 on price and writes nothing', async (price, currency, message) => {
    const before = await listingsCount();
    const response = await create({ price, currency });
    expect(response.status).toBe(400);
    expectEnvelope(response);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'price', message: expect.stringContaining(message) })]);
    expect(await listingsCount()).toBe(before);
  });

  it('refuses a currency Stripe cannot charge with 400 on currency', async () => {
    for (const currency of ['xau', 'xxx', 'USD', 'abc']) {
      const response = await create({ price: 10, currency });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'currency' })]);
    }
  });

  it('keeps 100 KWD as 100000 minor units (three decimals) and 1500 JPY as 1500', async () => {
    const kwd = await create({ price: 100, currency: 'kwd' });
    const jpy = await create({ price: 1500, currency: 'jpy' });
    expect([kwd.status, jpy.status]).toEqual([201, 201]);
    expect(kwd.body.price).toBe(100);
    const stored = async (id: string) => (await stack.platform('tickets').db.collection(LISTINGS).doc(id).get()).data()?.price;
    expect(await stored(kwd.body.id)).toBe(100_000);
    expect(await stored(jpy.body.id)).toBe(1500);
  });

  it('judges an edit of the price alone against the stored currency, and of the currency alone against the stored price', async () => {
    const ticket = await createTicket(stack, seller, { price: 1500, currency: 'jpy' });
    const put = (body: unknown) => api(stack.origin, 'PUT', `/api/tickets/${ticket.id}`, { token: seller.token, body });
    const price = await put({ price: 1500.5 });
    expect(price.status).toBe(400);
    expect(price.body.errors).toEqual([expect.objectContaining({ field: 'price' })]);
    const usd = await createTicket(stack, seller, { price: 10.5, currency: 'usd' });
    const currency = await api(stack.origin, 'PUT', `/api/tickets/${usd.id}`, { token: seller.token, body: { currency: 'jpy' } });
    expect(currency.status).toBe(400);
    expect(currency.body.errors).toEqual([expect.objectContaining({ field: 'currency' })]);
    expect((await api(stack.origin, 'GET', `/api/tickets/${ticket.id}`)).body).toMatchObject({ price: 1500, currency: 'jpy', version: 0 });
  });

  it('refuses an event date after 2099 with 400 on eventDate', async () => {
    for (const eventDate of ['2100-01-01T00:00:00Z', '20250-06-01T20:00:00Z', '9999-12-31T23:59:59Z']) {
      const response = await create({ eventDate });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'eventDate' })]);
    }
    expect((await create({ eventDate: '2099-12-31T20:00:00Z' })).status).toBe(201);
  });
});

describe('tickets › a stored listing that no longer parses poisons nothing', () => {
  it('is left out of lists, answers its own read with 409 (never 500), is found by repair and can be withdrawn by an admin only', async () => {
    const good = await createTicket(stack, seller, { title: 'Poison neighbour' });
    // What the old code stored for `price: 1500.5, currency: "jpy"`.
    const db = stack.platform('tickets').db;
    const raw = (await db.collection(LISTINGS).doc(good.id).get()).data()!;
    const poisonId = `poison-${Date.now()}`;
    await db
      .collection(LISTINGS)
      .doc(poisonId)
      .set({ ...raw, id: poisonId, price: null, currency: 'jpy' });

    const list = await api(stack.origin, 'GET', '/api/tickets?limit=100');
    expect(list.status).toBe(200);
    expect(list.body.items.map((t: { id: string }) => t.id)).toContain(good.id);
    expect(list.body.items.map((t: { id: string }) => t.id)).not.toContain(poisonId);
    const search = await api(stack.origin, 'GET', '/api/tickets?q=poison%20neighbour');
    expect(search.status).toBe(200);
    expect((await api(stack.origin, 'GET', `/api/tickets?mine=true`, { token: seller.token })).status).toBe(200);

    const read = await api(stack.origin, 'GET', `/api/tickets/${poisonId}`);
    expect(read.status).toBe(409);
    expect(read.body.errors).toEqual([expect.objectContaining({ code: 'TICKETS.UNREADABLE' })]);
    expect((await api(stack.origin, 'PUT', `/api/tickets/${poisonId}`, { token: seller.token, body: { title: 'Fixed?' } })).status).toBe(409);

    expect(await findDamaged(db)).toEqual([expect.objectContaining({ collection: LISTINGS, id: poisonId })]);

    expect((await api(stack.origin, 'DELETE', `/api/tickets/${poisonId}`, { token: seller.token })).status).toBe(409);
    expect((await api(stack.origin, 'DELETE', `/api/tickets/${poisonId}`, { token: admin.token })).status).toBe(204);
    expect((await db.collection(LISTINGS).doc(poisonId).get()).data()).toMatchObject({ status: 'withdrawn' });
  });
});

describe('tickets › who holds a ticket is private', () => {
  it('shows no order id or buyer on a reserved ticket, to anyone, in reads and lists', async () => {
    const ticket = await listedTicket(stack, seller, { title: 'Private hold' });
    const order = await api(stack.origin, 'POST', '/api/orders', { token: buyer.token, body: { ticketId: ticket.id } });
    expect(order.status).toBe(201);
    await waitFor(async () => (await api(stack.origin, 'GET', `/api/tickets/${ticket.id}`)).body.status === 'reserved', { what: 'the ticket to be reserved' });
    for (const token of [undefined, seller.token, buyer.token, admin.token]) {
      const read = await api(stack.origin, 'GET', `/api/tickets/${ticket.id}`, { token });
      expect(JSON.stringify(read.body)).not.toContain(order.body.id);
      expect(JSON.stringify(read.body)).not.toContain(buyer.id);
      expect(read.body).not.toHaveProperty('orderId');
    }
    const mine = await api(stack.origin, 'GET', '/api/tickets?mine=true&limit=100', { token: seller.token });
    expect(JSON.stringify(mine.body)).not.toContain(order.body.id);
    const reserved = await api(stack.origin, 'GET', '/api/tickets?status=reserved&limit=100', { token: admin.token });
    expect(JSON.stringify(reserved.body)).not.toContain(order.body.id);
  });
});
