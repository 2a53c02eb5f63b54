import { api, signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { deliverEvent, envelope, expireOrders, listedTicket, publishedEvents } from '@tickethub/dev/testing/fixtures';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { INTERNAL_SECRET_HEADER } from '../platform/internal-auth';
import { localTaskQueue } from '../platform/local-tasks';
import { localExpiryTasks, localScheduler } from './scheduler';
import { EVENTUALLY_MS, waitFor } from '@tickethub/dev/testing/eventually';

const HOLD_SECONDS = 8;

let stack: TestStack;
let seller: SignedInUser;
let buyer: SignedInUser;
beforeAll(async () => {
  // Holds long enough that the reservation reaches tickets before it runs out even on two busy cores (a ticket whose
  // hold already ended reads as available, so a shorter hold would make the first wait depend on the machine's load).
  stack = await startTestStack({ domains: ['auth', 'tickets', 'orders', 'expiration'], bridge: true, env: { ORDER_EXPIRATION_SECONDS: String(HOLD_SECONDS) } });
  [seller, buyer] = await Promise.all([signUp(stack.origin), signUp(stack.origin)]);
});
afterAll(() => stack.close());

const order = async (id: string) => (await api(stack.origin, 'GET', `/api/orders/${id}`, { token: buyer.token })).body;
const ticket = async (id: string) => (await api(stack.origin, 'GET', `/api/tickets/${id}`)).body;

describe('expiration › end to end', () => {
  it('cancels an unpaid order when its timer fires, publishes order.cancelled and frees the ticket', async () => {
    const listed = await listedTicket(stack, seller);
    const reserved = (await api(stack.origin, 'POST', '/api/orders', { token: buyer.token, body: { ticketId: listed.id } })).body;
    await waitFor(async () => (await ticket(listed.id)).status === 'reserved', { what: 'the reservation to reach tickets' });
    // The timer fires at expiresAt; the event then travels outbox → NATS → bridge → orders → NATS → bridge → tickets
    // (how fast is the benchmark's business; here only that it happens).
    const bound = Date.parse(reserved.expiresAt) + EVENTUALLY_MS - Date.now();
    await waitFor(async () => (await ticket(listed.id)).status === 'available', { what: 'the ticket to be freed', timeoutMs: bound });
    expect(await order(reserved.id)).toMatchObject({ status: 'cancelled', cancelReason: 'expired', version: 1 });
    const cancelled = (await publishedEvents(stack.platform('orders'), 'order.cancelled')).filter((e) => e.data.id === reserved.id);
    expect(cancelled.map((e) => e.data)).toEqual([{ id: reserved.id, version: 1, reason: 'expired', ticket: { id: listed.id } }]);
    expect((await publishedEvents(stack.platform('expiration'), 'expiration.complete')).filter((e) => e.data.orderId === reserved.id)).toHaveLength(1);
  });

  it('does nothing when expiration.complete arrives for a complete order', async () => {
    const listed = await listedTicket(stack, seller);
    const reserved = (await api(stack.origin, 'POST', '/api/orders', { token: buyer.token, body: { ticketId: listed.id } })).body;
    await deliverEvent(stack, 'orders', envelope('payment.created', { id: 'pay', orderId: reserved.id, paymentIntentId: 'pi', amount: 1999, currency: 'usd' }));
    expect((await order(reserved.id)).status).toBe('complete');
    await waitFor(async () => (await ticket(listed.id)).status === 'sold', { what: 'sold' });
    const response = await deliverEvent(stack, 'orders', envelope('expiration.complete', { orderId: reserved.id }));
    expect(response.status).toBe(200);
    expect(await order(reserved.id)).toMatchObject({ status: 'complete', version: 1 });
  });

  it('a duplicated expiration.complete does nothing the second time', async () => {
    const listed = await listedTicket(stack, seller);
    const reserved = (await api(stack.origin, 'POST', '/api/orders', { token: buyer.token, body: { ticketId: listed.id } })).body;
    await waitFor(async () => (await order(reserved.id)).status === 'cancelled' && Date.now() > Date.parse(reserved.expiresAt), { what: 'expiry' });
    await waitFor(async () => (await publishedEvents(stack.platform('orders'), 'order.cancelled')).some((e) => e.data.id === reserved.id), {
      what: 'the cancel event',
    });
    // A second firing (a new event id, as a retried Cloud Task would give) finds the order already cancelled.
    expect((await deliverEvent(stack, 'orders', envelope('expiration.complete', { orderId: reserved.id }))).status).toBe(200);
    expect((await order(reserved.id)).version).toBe(1);
    expect((await publishedEvents(stack.platform('orders'), 'order.cancelled')).filter((e) => e.data.id === reserved.id)).toHaveLength(1);
  });

  it('POST /tasks/expire needs the internal credential and fires once per order', async () => {
    const url = stack.functions.expiration!.url;
    expect((await api(url, 'POST', '/tasks/expire', { body: { orderId: 'some-order' } })).status).toBe(401);
    const headers = { [INTERNAL_SECRET_HEADER]: stack.config.INTERNAL_SECRET };
    expect((await api(url, 'POST', '/tasks/expire', { body: { orderId: 'task-order' }, headers })).body).toEqual({ outcome: 'fired' });
    expect((await api(url, 'POST', '/tasks/expire', { body: { orderId: 'task-order' }, headers })).body).toEqual({ outcome: 'duplicate' });
    expect((await api(url, 'POST', '/tasks/expire', { body: {}, headers })).status).toBe(400);
  });

  it('re-arms pending tasks from Firestore after a restart of the scheduler', async () => {
    const platform = stack.platform('expiration');
    const before = localScheduler(localTaskQueue(platform, localExpiryTasks(platform)));
    await before.schedule('restart-order', new Date(Date.now() + 300));
    await before.close(); // the process dies before the timer fires
    const after = localScheduler(localTaskQueue(platform, localExpiryTasks(platform)));
    try {
      expect(await after.restore()).toBeGreaterThanOrEqual(1);
      await waitFor(async () => (await publishedEvents(platform, 'expiration.complete')).some((e) => e.data.orderId === 'restart-order'), {
        what: 'the re-armed task to fire',
      });
    } finally {
      await after.close();
    }
  });

  it('never fires a task another process cancelled, as Cloud Tasks never runs a deleted task', async () => {
    const platform = stack.platform('expiration');
    const fired: string[] = [];
    const options = { collection: 'expiration_tasks_cancel_test', what: 'test', fire: async (orderId: string) => void fired.push(orderId) };
    const armed = localTaskQueue(platform, options);
    const other = localTaskQueue(platform, options);
    try {
      await armed.schedule('cancelled-elsewhere', 'cancelled-order', new Date(Date.now() + 500));
      await armed.schedule('left-alone', 'kept-order', new Date(Date.now() + 500));
      await other.cancel('cancelled-elsewhere'); // this instance never armed it: only the stored state can stop the timer
      await waitFor(async () => fired.includes('kept-order'), { what: 'the task nobody cancelled to fire' });
      await waitFor(async () => (await platform.db.collection(options.collection).doc('left-alone').get()).get('state') === 'done', { what: 'done' });
      await armed.close(); // waits for any firing still under way
      expect(fired).toEqual(['kept-order']);
      expect((await platform.db.collection(options.collection).doc('cancelled-elsewhere').get()).get('state')).toBe('cancelled');
    } finally {
      await Promise.all([armed.close(), other.close()]);
    }
  });
});

describe('expiration › lazy expiry with the scheduler stopped', () => {
  let lazy: TestStack;
  beforeAll(async () => {
    // No expiration function at all: nothing will ever fire. The hold is the default 15 minutes; the test moves the
    // clock past it (expireOrders) rather than waiting it out.
    lazy = await startTestStack({ domains: ['auth', 'tickets', 'orders'], bridge: true });
  });
  afterAll(() => lazy.close());

  it('reads the order as expired and lets another buyer reserve the ticket', async () => {
    const [owner, first, second] = await Promise.all([signUp(lazy.origin), signUp(lazy.origin), signUp(lazy.origin)]);
    const listed = await listedTicket(lazy, owner);
    const held = (await api(lazy.origin, 'POST', '/api/orders', { token: first.token, body: { ticketId: listed.id } })).body;
    expect((await api(lazy.origin, 'POST', '/api/orders', { token: second.token, body: { ticketId: listed.id } })).status).toBe(409);
    // Every copy of the hold is in place (tickets' too, which arrives by event) before the clock moves past it.
    const holder = async () => (await lazy.platform('tickets').db.collection('tickets_listings').doc(listed.id).get()).data()?.orderId;
    await waitFor(async () => (await holder()) === held.id, { what: 'tickets to record the first hold' });
    await expireOrders(lazy, [held.id]);
    expect((await api(lazy.origin, 'GET', `/api/orders/${held.id}`, { token: first.token })).body).toMatchObject({
      status: 'cancelled',
      cancelReason: 'expired',
    });
    const again = await api(lazy.origin, 'POST', '/api/orders', { token: second.token, body: { ticketId: listed.id } });
    expect(again.status).toBe(201);
    // The expired order cannot come back to life: cancelling it now records the expiry, not a user cancel.
    expect((await api(lazy.origin, 'DELETE', `/api/orders/${held.id}`, { token: first.token })).status).toBe(204);
    expect((await api(lazy.origin, 'GET', `/api/orders/${held.id}`, { token: first.token })).body.cancelReason).toBe('expired');
    // Who holds a ticket is private on HTTP reads: tickets' own record says which order holds it.
    await waitFor(async () => (await holder()) === again.body.id, {
      what: 'tickets to follow the new hold',
    });
  });
});
