import { api, expectEnvelope, signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { publishedEvents } from '@tickethub/dev/testing/fixtures';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { PAYMENTS } from './store';
import { buyerStripe, cancelOrder, pay, placeOrder, storedPayment } from './test-support';

let stack: TestStack;
let buyer: SignedInUser;
let stranger: SignedInUser;
beforeAll(async () => {
  stack = await startTestStack({ domains: ['auth', 'payments'], stripe: { webhook: false } });
  [buyer, stranger] = await Promise.all([signUp(stack.origin), signUp(stack.origin)]);
});
afterAll(() => stack.close());

const paymentCount = async () => (await stack.platform('payments').db.collection(PAYMENTS).count().get()).data().count;

describe('payments › create', () => {
  it('answers 404 for an unknown order', async () => {
    const response = await pay(stack, buyer, 'order-that-never-was');
    expect(response.status).toBe(404);
    expect(response.body.errors).toEqual([expect.objectContaining({ message: 'Order not found' })]);
  });

  it("answers 404 for another user's order, and writes nothing", async () => {
    const order = await placeOrder(stack, buyer);
    const response = await pay(stack, stranger, order.id);
    expect(response.status).toBe(404);
    expectEnvelope(response);
    expect(await storedPayment(stack, order.id)).toBeUndefined();
  });

  it('answers 409 for a cancelled order', async () => {
    const order = await placeOrder(stack, buyer);
    await cancelOrder(stack, order);
    const response = await pay(stack, buyer, order.id);
    expect(response.status).toBe(409);
    expect(response.body.errors).toEqual([expect.objectContaining({ message: 'Cannot pay for a cancelled order' })]);
  });

  it('answers 409 for an expired order even before anything cancelled it', async () => {
    const order = await placeOrder(stack, buyer, { expiresAt: new Date(Date.now() - 1000).toISOString() });
    const response = await pay(stack, buyer, order.id);
    expect(response.status).toBe(409);
    expect(response.body.errors[0].message).toBe('Cannot pay for an expired order');
  });

  it('creates a PaymentIntent for the price in minor units: 19.99 is 1999', async () => {
    const order = await placeOrder(stack, buyer, { ticket: { id: 'ticket-1999', price: 1999, currency: 'usd' } });
    const response = await pay(stack, buyer, order.id);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.any(String),
      orderId: order.id,
      paymentIntentId: expect.stringMatching(/^pi_/),
      clientSecret: expect.stringMatching(/_secret_/),
      amount: 1999,
      currency: 'usd',
      status: 'pending',
      refundedAmount: 0,
    });
    const intent = await buyerStripe(stack).paymentIntents.retrieve(response.body.paymentIntentId);
    expect(intent).toMatchObject({ amount: 1999, currency: 'usd', metadata: { orderId: order.id }, status: 'requires_payment_method' });
    expect(intent.client_secret).toBe(response.body.clientSecret);
  });

  it.each([
    ['kwd', 100_000, 100_000], // 100 KWD: three decimals, not a tenth of the price
    ['jpy', 1500, 1500],
    ['isk', 5000, 500_000], // ISK is zero-decimal, but Stripe takes it as a two-decimal amount ending in 00
  ])('charges %s %p minor units as Stripe amount %p', async (currency, price, amount) => {
    const order = await placeOrder(stack, buyer, { ticket: { id: `ticket-${currency}`, price, currency } });
    const response = await pay(stack, buyer, order.id);
    expect(response.status).toBe(201);
    const intent = await buyerStripe(stack).paymentIntents.retrieve(response.body.paymentIntentId);
    expect(intent).toMatchObject({ amount, currency, metadata: { orderId: order.id, app: 'tickethub' } });
  });

  it("answers Stripe's refusal of an amount with a 409 naming it, never a 500, and records nothing", async () => {
    // An order older than the currency rules (10 cents): Stripe's minimum refuses it.
    const order = await placeOrder(stack, buyer, { ticket: { id: 'ticket-10c', price: 10, currency: 'usd' } });
    const response = await pay(stack, buyer, order.id);
    expect(response.status).toBe(409);
    expect(response.body.errors).toEqual([expect.objectContaining({ code: 'PAYMENTS.AMOUNT_REFUSED', message: expect.stringContaining('at least') })]);
    expect(await storedPayment(stack, order.id)).toBeUndefined();
  });

  it('emits payment.started so that orders moves the order to awaiting:payment', async () => {
    const order = await placeOrder(stack, buyer);
    const { body } = await pay(stack, buyer, order.id);
    const started = (await publishedEvents(stack.platform('payments'), 'payment.started')).filter((event) => event.data.orderId === order.id);
    expect(started.map((event) => event.data)).toEqual([{ id: body.id, orderId: order.id, paymentIntentId: body.paymentIntentId }]);
  });

  it('returns the same payment and intent when asked again', async () => {
    const order = await placeOrder(stack, buyer);
    const first = await pay(stack, buyer, order.id);
    const second = await pay(stack, buyer, order.id);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
  });

  it('makes one PaymentIntent and one payment out of ten concurrent requests for one order', async () => {
    const order = await placeOrder(stack, buyer);
    const responses = await Promise.all(Array.from({ length: 10 }, () => pay(stack, buyer, order.id)));
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(201));
    expect(new Set(responses.map((response) => response.body.paymentIntentId)).size).toBe(1);
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
    const started = (await publishedEvents(stack.platform('payments'), 'payment.started')).filter((event) => event.data.orderId === order.id);
    expect(started).toHaveLength(1);
  });

  it('answers 404 while the order has not reached payments yet, then 201 once it has', async () => {
    const early = await pay(stack, buyer, 'order-on-its-way');
    expect(early.status).toBe(404);
    await placeOrder(stack, buyer, { id: 'order-on-its-way' });
    expect((await pay(stack, buyer, 'order-on-its-way')).status).toBe(201);
  });

  it('requires a session: 401 without one', async () => {
    const order = await placeOrder(stack, buyer);
    const response = await api(stack.origin, 'POST', '/api/payments', { body: { orderId: order.id } });
    expect(response.status).toBe(401);
    expectEnvelope(response);
  });

  it('refuses bad bodies with 400 naming the field, and writes nothing', async () => {
    const before = await paymentCount();
    for (const body of [{}, { orderId: '' }, { orderId: 42 }, { orderId: 'x'.repeat(129) }, { orderId: 'a', extra: true }, [], null]) {
      const response = await api(stack.origin, 'POST', '/api/payments', { token: buyer.token, body });
      expect(response.status).toBe(400);
      expectEnvelope(response);
    }
    expect(await paymentCount()).toBe(before);
  });

  it('treats a malformed order id as an unknown order', async () => {
    for (const orderId of ['a/b', '../x', 'has space', '%2F']) expect((await pay(stack, buyer, orderId)).status).toBe(404);
  });
});

describe('payments › list', () => {
  it("lists the caller's payment for an order, and nothing for anyone else", async () => {
    const order = await placeOrder(stack, buyer);
    const { body: created } = await pay(stack, buyer, order.id);
    const mine = await api(stack.origin, 'GET', `/api/payments?orderId=${order.id}`, { token: buyer.token });
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual({
      items: [
        {
          id: created.id,
          orderId: order.id,
          paymentIntentId: created.paymentIntentId,
          amount: 1999,
          currency: 'usd',
          status: 'pending',
          refundedAmount: 0,
          createdAt: expect.any(String),
        },
      ],
    });
    const theirs = await api(stack.origin, 'GET', `/api/payments?orderId=${order.id}`, { token: stranger.token });
    expect(theirs.body).toEqual({ items: [] });
  });

  it('requires orderId (400) and a session (401)', async () => {
    const missing = await api(stack.origin, 'GET', '/api/payments', { token: buyer.token });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'orderId' })]);
    expect((await api(stack.origin, 'GET', '/api/payments?orderId=x')).status).toBe(401);
  });
});
