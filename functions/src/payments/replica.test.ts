import { signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { deliverEvent, envelope } from '@tickethub/dev/testing/fixtures';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { cancelOrder, orderData, pay, replicaOrder } from './test-support';

let stack: TestStack;
let buyer: SignedInUser;
beforeAll(async () => {
  stack = await startTestStack({ domains: ['auth', 'payments'], stripe: { webhook: false } });
  buyer = await signUp(stack.origin);
});
afterAll(() => stack.close());

const deliver = (subject: 'order.created' | 'order.completed', data: unknown) => deliverEvent(stack, 'payments', envelope(subject, data));

describe('payments › orders replica', () => {
  it('keeps what payments needs from order.created, the price in minor units', async () => {
    const order = orderData(buyer, { ticket: { id: 'ticket-a', price: 1999, currency: 'eur' } });
    expect((await deliver('order.created', order)).status).toBe(200);
    expect(await replicaOrder(stack, order.id)).toMatchObject({
      id: order.id,
      version: 0,
      status: 'created',
      userId: buyer.id,
      price: 1999,
      currency: 'eur',
      ticketId: 'ticket-a',
      cancelReason: null,
    });
  });

  it('does nothing with a redelivered event', async () => {
    const order = orderData(buyer);
    const event = envelope('order.created', order);
    expect((await deliverEvent(stack, 'payments', event)).body.outcome).toBe('applied');
    const first = await replicaOrder(stack, order.id);
    expect((await deliverEvent(stack, 'payments', event)).body.outcome).toBe('duplicate');
    expect(await replicaOrder(stack, order.id)).toEqual(first);
  });

  it('stays cancelled when the cancel overtakes the create, and learns the buyer and price from the late create', async () => {
    const order = orderData(buyer);
    await cancelOrder(stack, order, 'user', 1);
    // Only the cancel so far: nobody can be shown to own it, so it is as unknown as any order.
    expect((await pay(stack, buyer, order.id)).status).toBe(404);
    await deliver('order.created', order);
    expect(await replicaOrder(stack, order.id)).toMatchObject({ status: 'cancelled', version: 1, cancelReason: 'user', userId: buyer.id, price: 1999 });
    const response = await pay(stack, buyer, order.id);
    expect(response.status).toBe(409);
    expect(response.body.errors[0].message).toBe('Cannot pay for a cancelled order');
  });

  it('stays complete when order.completed overtakes order.created', async () => {
    const order = orderData(buyer);
    await deliver('order.completed', { id: order.id, version: 2, ticket: { id: order.ticket.id } });
    await deliver('order.created', order);
    expect(await replicaOrder(stack, order.id)).toMatchObject({ status: 'complete', version: 2, userId: buyer.id });
    const response = await pay(stack, buyer, order.id);
    expect(response.status).toBe(409);
    expect(response.body.errors[0].message).toBe('Order is already paid');
  });

  it('ignores a cancel older than what it already knows', async () => {
    const order = orderData(buyer);
    await deliver('order.created', order);
    await deliver('order.completed', { id: order.id, version: 2, ticket: { id: order.ticket.id } });
    await cancelOrder(stack, order, 'user', 1);
    expect(await replicaOrder(stack, order.id)).toMatchObject({ status: 'complete', version: 2, cancelReason: null });
  });

  it('refuses a malformed order event with 400 and keeps nothing', async () => {
    const response = await deliver('order.created', { ...orderData(buyer, { id: 'order-bad' }), ticket: { id: 't', price: 19.99, currency: 'usd' } });
    expect(response.status).toBe(400);
    expect(await replicaOrder(stack, 'order-bad')).toBeUndefined();
  });
});
