import { api, expectEnvelope, signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { createTicket, deliverEvent, envelope, orderId, publishedEvents } from '@tickethub/dev/testing/fixtures';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';

let stack: TestStack;
let seller: SignedInUser;
let other: SignedInUser;
let admin: SignedInUser;
beforeAll(async () => {
  stack = await startTestStack({ domains: ['auth', 'tickets'], env: { ADMIN_EMAILS: 'admin@tickethub.test' } });
  seller = await signUp(stack.origin);
  other = await signUp(stack.origin);
  admin = await signUp(stack.origin, 'admin@tickethub.test');
});
afterAll(() => stack.close());

const put = (id: string, body: unknown, token?: string, headers?: Record<string, string>) =>
  api(stack.origin, 'PUT', `/api/tickets/${id}`, { body, token, headers });

async function reserve(ticketId: string, order = orderId()) {
  const response = await deliverEvent(
    stack,
    'tickets',
    envelope('order.created', {
      id: order,
      version: 0,
      status: 'created',
      userId: other.id,
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
      ticket: { id: ticketId, price: 1999, currency: 'usd' },
    }),
  );
  expect(response.status).toBe(200);
  return order;
}

describe('tickets › update', () => {
  it('401 without a session, before looking at the body or the id', async () => {
    const response = await put('does-not-exist', { price: -1 });
    expect(response.status).toBe(401);
    expectEnvelope(response);
  });

  it('400 for an invalid body, before the id is looked up', async () => {
    const response = await put('does-not-exist', { price: -1 }, seller.token);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'price' })]);
  });

  it('400 for an empty update and for non-editable fields', async () => {
    const ticket = await createTicket(stack, seller);
    expect((await put(ticket.id, {}, seller.token)).status).toBe(400);
    expect((await put(ticket.id, { status: 'sold' }, seller.token)).status).toBe(400);
    expect((await put(ticket.id, { sellerId: other.id }, seller.token)).status).toBe(400);
  });

  it('404 for an unknown or malformed id', async () => {
    expect((await put('no-such-ticket', { price: 10 }, seller.token)).status).toBe(404);
    expect((await put('bad%20id%2F..', { price: 10 }, seller.token)).status).toBe(404);
  });

  it('403 when a signed-in user edits someone else’s ticket', async () => {
    const ticket = await createTicket(stack, seller);
    const response = await put(ticket.id, { price: 1 }, other.token);
    expect(response.status).toBe(403);
    expectEnvelope(response);
  });

  it('updates the ticket, bumps the version 0 → 1 → 2 and publishes each ticket.updated', async () => {
    const ticket = await createTicket(stack, seller);
    const first = await put(ticket.id, { title: 'New title', price: 25.5 }, seller.token);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ title: 'New title', price: 25.5, version: 1 });
    const second = await put(ticket.id, { venue: 'O2 Arena' }, seller.token);
    expect(second.body).toMatchObject({ title: 'New title', venue: 'O2 Arena', version: 2 });
    expect((await api(stack.origin, 'GET', `/api/tickets/${ticket.id}`)).body.version).toBe(2);
    const updates = (await publishedEvents(stack.platform('tickets'), 'ticket.updated')).filter((e) => e.data.id === ticket.id);
    expect(updates.map((e) => [e.data.version, e.data.price])).toEqual([
      [1, 2550],
      [2, 2550],
    ]);
  });

  it('lets an admin edit any ticket', async () => {
    const ticket = await createTicket(stack, seller);
    expect((await put(ticket.id, { price: 5 }, admin.token)).status).toBe(200);
  });

  it('409 "Cannot edit a reserved ticket" once an order holds it', async () => {
    const ticket = await createTicket(stack, seller);
    await reserve(ticket.id);
    const response = await put(ticket.id, { price: 1 }, seller.token);
    expect(response.status).toBe(409);
    expect(response.body.errors[0].message).toBe('Cannot edit a reserved ticket');
  });

  it('honours If-Match: the current version passes, a stale one is 409, garbage is 400', async () => {
    const ticket = await createTicket(stack, seller);
    expect((await put(ticket.id, { price: 11 }, seller.token, { 'if-match': '0' })).status).toBe(200);
    const stale = await put(ticket.id, { price: 12 }, seller.token, { 'if-match': '0' });
    expect(stale.status).toBe(409);
    expectEnvelope(stale);
    expect((await put(ticket.id, { price: 12 }, seller.token, { 'if-match': 'latest' })).status).toBe(400);
  });

  it('gives exactly one 200 when the seller sends 20 edits at once with the same If-Match', async () => {
    const ticket = await createTicket(stack, seller);
    // A 503 (contention outlasted Firestore's retries on a busy machine: nothing was written) says "send it again", so
    // the client does; asked again, that edit is stale like the others.
    const edit = async (price: number) => {
      let response = await put(ticket.id, { price }, seller.token, { 'if-match': '0' });
      for (let retry = 0; response.status === 503 && retry < 5; retry++) response = await put(ticket.id, { price }, seller.token, { 'if-match': '0' });
      return response;
    };
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => edit(10 + i)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const stored = await api(stack.origin, 'GET', `/api/tickets/${ticket.id}`);
    expect(stored.body.version).toBe(1);
    expect(stored.body.price).toBe(responses.find((r) => r.status === 200)!.body.price);
  });
});

describe('tickets › withdraw', () => {
  it('withdraws the seller’s ticket (204), hides it from others and publishes ticket.updated', async () => {
    const ticket = await createTicket(stack, seller);
    expect((await api(stack.origin, 'DELETE', `/api/tickets/${ticket.id}`, { token: seller.token })).status).toBe(204);
    expect((await api(stack.origin, 'GET', `/api/tickets/${ticket.id}`)).status).toBe(404);
    expect((await api(stack.origin, 'GET', `/api/tickets/${ticket.id}`, { token: other.token })).status).toBe(404);
    const own = await api(stack.origin, 'GET', `/api/tickets/${ticket.id}`, { token: seller.token });
    expect(own.body).toMatchObject({ status: 'withdrawn', version: 1 });
    expect((await api(stack.origin, 'GET', `/api/tickets/${ticket.id}`, { token: admin.token })).status).toBe(200);
    const updates = (await publishedEvents(stack.platform('tickets'), 'ticket.updated')).filter((e) => e.data.id === ticket.id);
    expect(updates.map((e) => e.data.status)).toEqual(['withdrawn']);
  });

  it('is idempotent on a withdrawn ticket and refuses editing it', async () => {
    const ticket = await createTicket(stack, seller);
    await api(stack.origin, 'DELETE', `/api/tickets/${ticket.id}`, { token: seller.token });
    expect((await api(stack.origin, 'DELETE', `/api/tickets/${ticket.id}`, { token: seller.token })).status).toBe(204);
    expect((await put(ticket.id, { price: 3 }, seller.token)).status).toBe(409);
  });

  it('refuses another user (403), answers 404 for unknown ids and 401 without a session', async () => {
    const ticket = await createTicket(stack, seller);
    expect((await api(stack.origin, 'DELETE', `/api/tickets/${ticket.id}`, { token: other.token })).status).toBe(403);
    expect((await api(stack.origin, 'DELETE', '/api/tickets/nope', { token: seller.token })).status).toBe(404);
    expect((await api(stack.origin, 'DELETE', `/api/tickets/${ticket.id}`)).status).toBe(401);
  });

  it('409 when the ticket is reserved', async () => {
    const ticket = await createTicket(stack, seller);
    await reserve(ticket.id);
    const response = await api(stack.origin, 'DELETE', `/api/tickets/${ticket.id}`, { token: seller.token });
    expect(response.status).toBe(409);
  });

  it('lets an admin withdraw any listing', async () => {
    const ticket = await createTicket(stack, seller);
    expect((await api(stack.origin, 'DELETE', `/api/tickets/${ticket.id}`, { token: admin.token })).status).toBe(204);
  });
});
