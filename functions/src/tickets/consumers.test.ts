import { api, signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { LISTINGS } from './store';
import { createTicket, deliverEvent, envelope, orderId, publishedEvents } from '@tickethub/dev/testing/fixtures';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';

let stack: TestStack;
let seller: SignedInUser;
beforeAll(async () => {
  stack = await startTestStack({ domains: ['auth', 'tickets'] });
  seller = await signUp(stack.origin);
});
afterAll(() => stack.close());

const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
const created = (id: string, ticketId: string, expiresAt = inMs(60_000), version = 0) =>
  envelope('order.created', { id, version, status: 'created', userId: 'buyer', expiresAt, ticket: { id: ticketId, price: 1999, currency: 'usd' } });
const cancelled = (id: string, ticketId: string, version = 1) => envelope('order.cancelled', { id, version, reason: 'user', ticket: { id: ticketId } });
const completed = (id: string, ticketId: string, version = 2) => envelope('order.completed', { id, version, ticket: { id: ticketId } });
/** The seller's read of the ticket, with the holding order from tickets' own record: HTTP reads never name it. */
const show = async (id: string) => {
  const { body } = await api(stack.origin, 'GET', `/api/tickets/${id}`, { token: seller.token });
  expect(body).not.toHaveProperty('orderId');
  return { ...body, orderId: (await stack.platform('tickets').db.collection(LISTINGS).doc(id).get()).data()?.orderId ?? null };
};
const deliver = async (event: ReturnType<typeof envelope>) => {
  const response = await deliverEvent(stack, 'tickets', event);
  expect(response.status).toBe(200);
  return response.body.outcome as string;
};

describe('tickets › order events', () => {
  it('order.created reserves the ticket for that order and publishes ticket.updated', async () => {
    const ticket = await createTicket(stack, seller);
    const order = orderId();
    await deliver(created(order, ticket.id));
    expect(await show(ticket.id)).toMatchObject({ status: 'reserved', orderId: order, version: 1 });
    const updates = (await publishedEvents(stack.platform('tickets'), 'ticket.updated')).filter((e) => e.data.id === ticket.id);
    expect(updates.map((e) => [e.data.version, e.data.status, e.data.orderId])).toEqual([[1, 'reserved', order]]);
  });

  it('a duplicate delivery is acknowledged and does nothing', async () => {
    const ticket = await createTicket(stack, seller);
    const event = created(orderId(), ticket.id);
    expect(await deliver(event)).toBe('applied');
    expect(await deliver(event)).toBe('duplicate');
    expect((await show(ticket.id)).version).toBe(1);
  });

  it('order.cancelled releases the ticket only if that same order holds it', async () => {
    const ticket = await createTicket(stack, seller);
    const holder = orderId();
    await deliver(created(holder, ticket.id));
    await deliver(cancelled(orderId(), ticket.id));
    expect(await show(ticket.id)).toMatchObject({ status: 'reserved', orderId: holder });
    await deliver(cancelled(holder, ticket.id));
    expect(await show(ticket.id)).toMatchObject({ status: 'available', orderId: null, version: 2 });
  });

  it('a late expiry of order A never releases the ticket now held by order B', async () => {
    const ticket = await createTicket(stack, seller);
    const a = orderId();
    const b = orderId();
    await deliver(created(a, ticket.id, inMs(-1000)));
    // A's hold ran out; orders granted the ticket to B before A's cancel reached tickets.
    await deliver(created(b, ticket.id));
    expect(await show(ticket.id)).toMatchObject({ status: 'reserved', orderId: b });
    await deliver(cancelled(a, ticket.id));
    expect(await show(ticket.id)).toMatchObject({ status: 'reserved', orderId: b });
  });

  it('an order.created that arrives after its own cancel does not reserve the ticket', async () => {
    const ticket = await createTicket(stack, seller);
    const order = orderId();
    await deliver(cancelled(order, ticket.id));
    expect(await deliver(created(order, ticket.id))).toBe('applied');
    expect(await show(ticket.id)).toMatchObject({ status: 'available', orderId: null, version: 0 });
  });

  it('a late order.created of an older order does not steal a live reservation', async () => {
    const ticket = await createTicket(stack, seller);
    const live = orderId();
    await deliver(created(live, ticket.id));
    await deliver(created(orderId(), ticket.id, inMs(-5000)));
    expect(await show(ticket.id)).toMatchObject({ status: 'reserved', orderId: live });
  });

  it('order.completed marks the ticket sold; a later cancel of that order changes nothing', async () => {
    const ticket = await createTicket(stack, seller);
    const order = orderId();
    await deliver(created(order, ticket.id));
    await deliver(completed(order, ticket.id));
    expect(await show(ticket.id)).toMatchObject({ status: 'sold', orderId: order });
    await deliver(cancelled(order, ticket.id, 1));
    expect(await show(ticket.id)).toMatchObject({ status: 'sold', orderId: order });
  });

  it('refuses an event with an invalid payload with 400 and an event it does not handle with 422', async () => {
    const invalid = await deliverEvent(stack, 'tickets', envelope('order.created', { id: 'x' }));
    expect(invalid.status).toBe(400);
    const unhandled = await deliverEvent(
      stack,
      'tickets',
      envelope('payment.created', { id: 'p', orderId: 'o', paymentIntentId: 'pi', amount: 1, currency: 'usd' }),
    );
    expect(unhandled.status).toBe(422);
  });
});
