import { EVENTUALLY_MS, waitFor } from '@tickethub/dev/testing/eventually';
import { api, signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { deliverEvent, envelope, publishedEvents } from '@tickethub/dev/testing/fixtures';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { signStripePayload } from '@tickethub/stripe-local';
import Stripe from 'stripe';
import { closeServer, hostFunction } from '@tickethub/dev/stack/functions-host';
import { INTERNAL_SECRET_HEADER } from '../platform/internal-auth';
import { EVENT_SUBJECT_HEADER } from '../platform/event-origin';
import { createHttpFunction } from '../platform/http/handler';
import { createPayoutsContext, payoutRoutes } from './index';
import { releasePayout } from './release';
import { releaseDue } from './release-due';
import { releaseTaskId } from './store';
import { LOCAL_RELEASE_TASKS, localReleaseTasks, type ReleaseTasks } from './tasks';
import {
  account,
  eventHappened,
  onboard,
  onboardUntilSettled,
  payoutOf,
  payoutsWithEagerTasks,
  sell,
  standInStripe,
  transfersTo,
  waitForPayout,
} from './test-support';

const ADMIN = 'payouts-admin@example.com';
let stack: TestStack;
let admin: SignedInUser;
let buyer: SignedInUser;

beforeAll(async () => {
  stack = await startTestStack({
    domains: ['auth', 'tickets', 'orders', 'payments', 'payouts'],
    bridge: true,
    stripe: true,
    env: { ADMIN_EMAILS: ADMIN, PAYOUT_DELAY_SECONDS: '60', PLATFORM_FEE_PERCENT: '10', PAYOUT_RETRY_SECONDS: '1' },
    handlers: { payouts: payoutsWithEagerTasks },
  });
  [admin, buyer] = await Promise.all([signUp(stack.origin, ADMIN), signUp(stack.origin)]);
});
afterAll(() => stack.close());

const release = (orderId: string) =>
  api(stack.functions.payouts!.url, 'POST', '/tasks/release', { body: { orderId }, headers: { [INTERNAL_SECRET_HEADER]: stack.config.INTERNAL_SECRET } });
const refund = (orderId: string) => api(stack.origin, 'POST', `/api/orders/${orderId}/refund`, { token: admin.token });
const noTasks: ReleaseTasks = { schedule: async () => undefined, cancel: async () => undefined, continueHop: async () => false, close: async () => undefined };
/**
 * Waits until the stack has scheduled the sale's release. It does so after order.completed commits, reading the payout
 * then: a test that moved releaseAt into the past before that made the release due at once, and the stack's own
 * function paid it, racing the test's release (seen in clean-clone runs: the retry found the transfer already made).
 */
const releaseScheduled = (orderId: string) =>
  waitFor(async () => !(await stack.platform('payouts').db.collection(LOCAL_RELEASE_TASKS).where('orderId', '==', orderId).limit(1).get()).empty, {
    what: `the release task of order ${orderId}`,
    timeoutMs: EVENTUALLY_MS,
  });
/** Its task already ran (and found the seller still onboarding): the payout is due and no task is left for it. */
const dueWithoutTask = async (orderId: string, holdReason: string | null = 'awaiting-onboarding') => {
  await releaseScheduled(orderId);
  const { db } = stack.platform('payouts');
  const releaseAt = new Date(Date.now() - 1000);
  // Its tasks are spent: cancelled in Firestore (the stack's timer skips them), and the task for the new time recorded
  // as run, so that a redelivered order.completed, which asks for it again, does not have the stack pay the payout
  // this test releases (a loaded clean-clone run saw the test's retry find it paid already).
  const tasks = await db.collection(LOCAL_RELEASE_TASKS).where('orderId', '==', orderId).get();
  await Promise.all(tasks.docs.map((task) => task.ref.update({ state: 'cancelled' })));
  const spent = releaseTaskId({ id: orderId }, releaseAt);
  await db.collection(LOCAL_RELEASE_TASKS).doc(spent).set({ taskId: spent, orderId, runAt: releaseAt, state: 'done' });
  await db.collection('payouts_payouts').doc(orderId).update({ releaseAt, holdReason });
};

describe('payouts › onboarding', () => {
  it('creates an Express account and an onboarding link whose page completes onboarding; account.updated makes it active', async () => {
    const seller = await signUp(stack.origin);
    expect(await account(stack, seller)).toMatchObject({ accountId: null, status: 'none', payoutsEnabled: false, feePercent: 10, payoutDelaySeconds: 60 });
    const accountId = await onboard(stack, seller);
    expect(accountId).toMatch(/^acct_/);
    // Only the Connect webhook writes the status here (the GET would re-read Stripe): wait for the stored record.
    await waitFor(async () => (await stack.platform('payouts').db.collection('payouts_accounts').doc(seller.id).get()).data()?.status === 'active', {
      what: 'account.updated to reach payouts',
    });
    expect(await account(stack, seller)).toMatchObject({ accountId, status: 'active', payoutsEnabled: true });
    const again = await api(stack.origin, 'POST', '/api/payouts/account', { token: seller.token });
    expect(again.body).toMatchObject({ accountId, status: 'active' });
    expect(again.body.onboardingUrl).not.toBe(undefined);
  });

  it('refuses a Connect webhook without a valid signature and changes nothing', async () => {
    const payload = JSON.stringify({ id: 'evt_forged', type: 'account.updated', data: { object: { id: 'acct_x', metadata: { userId: buyer.id } } } });
    const forged = await api(stack.origin, 'POST', '/api/payouts/webhook', {
      raw: { text: payload, contentType: 'application/json' },
      headers: { 'stripe-signature': signStripePayload(payload, 'whsec_wrong') },
    });
    expect(forged.status).toBe(400);
    expect(forged.body.errors[0].code).toBe('PAYOUTS.SIGNATURE_INVALID');
    expect((await api(stack.origin, 'POST', '/api/payouts/webhook', { raw: { text: payload, contentType: 'application/json' } })).status).toBe(400);
    expect((await account(stack, buyer)).status).toBe('none');
  });

  it('needs a session', async () => {
    expect((await api(stack.origin, 'GET', '/api/payouts/account')).status).toBe(401);
    expect((await api(stack.origin, 'GET', '/api/payouts')).status).toBe(401);
    expect((await api(stack.origin, 'GET', '/api/payouts?all=true', { token: buyer.token })).status).toBe(403);
  });
});

describe('payouts › a sale', () => {
  let seller: SignedInUser;
  let accountId: string;
  beforeAll(async () => {
    seller = await signUp(stack.origin);
    accountId = await onboard(stack, seller);
  });

  it('holds one payout per completed order with gross, fee (10 %, half up) and net, released after the event', async () => {
    const eventDate = new Date(Date.now() + 7 * 86_400_000);
    const { orderId, ticket, payout } = await sell(stack, seller, buyer, { price: 19.99, eventDate: eventDate.toISOString() });
    expect(payout).toMatchObject({ orderId, ticketId: ticket.id, currency: 'usd', gross: 19.99, fee: 2, net: 17.99, status: 'held', transferId: null });
    expect(payout.holdReason).toBe('awaiting-release');
    expect(Date.parse(payout.releaseAt)).toBe(eventDate.getTime() + 60_000);
    // A redelivered order.completed (a new event id, as a replay would give) makes no second payout.
    const completed = (await publishedEvents(stack.platform('orders'), 'order.completed')).find((e) => e.data.id === orderId)!;
    // The sale's facts travel on the event: payouts reads no other domain's collections.
    expect(completed.data).toMatchObject({ ticket: { id: ticket.id, price: 1999, currency: 'usd', sellerId: seller.id, eventDate: eventDate.toISOString() } });
    expect(completed.data.paymentIntentId).toMatch(/^pi_/);
    expect((await deliverEvent(stack, 'payouts', envelope('order.completed', completed.data))).status).toBe(200);
    const all = (await api(stack.origin, 'GET', '/api/payouts?limit=100', { token: seller.token })).body.items.filter((p: any) => p.orderId === orderId);
    expect(all).toHaveLength(1);
  });

  it('pays the net once the release is due, with one transfer however often the task fires', async () => {
    const { orderId, ticket, paymentIntentId } = await sell(stack, seller, buyer, { price: 45.55 });
    expect((await release(orderId)).body).toEqual({ outcome: 'early' });
    await eventHappened(stack, ticket, seller.id);
    const paid = await waitForPayout(stack, seller, orderId, (p) => p.status === 'paid', 'the paid payout');
    // Duplicate firings (Cloud Tasks delivers at least once), some at the same moment.
    const outcomes = await Promise.all([release(orderId), release(orderId), release(orderId)]);
    expect(outcomes.map((r) => r.body.outcome)).toEqual(['done', 'done', 'done']);
    const transfers = (await transfersTo(stack, accountId)).filter((t) => t.transfer_group === orderId);
    expect(transfers).toHaveLength(1);
    const intent = await standInStripe(stack).paymentIntents.retrieve(paymentIntentId);
    expect(transfers[0]).toMatchObject({
      id: paid.transferId,
      amount: 4099,
      currency: 'usd',
      destination: accountId,
      source_transaction: intent.latest_charge,
    });
    expect(paid).toMatchObject({ gross: 45.55, fee: 4.56, net: 40.99, holdReason: null });
    const events = (await publishedEvents(stack.platform('payouts'), 'payout.paid')).filter((e) => e.data.orderId === orderId);
    expect(events.map((e) => e.data)).toEqual([{ id: paid.id, orderId, sellerId: seller.id, net: 4099, currency: 'usd', transferId: paid.transferId }]);
  });

  it('cancels the payout when the order is refunded before release: no transfer', async () => {
    const { orderId, paymentIntentId } = await sell(stack, seller, buyer, { price: 30 });
    const refunded = await refund(orderId);
    expect(refunded.status).toBe(200);
    expect(refunded.body.status).toBe('refunded');
    await waitForPayout(stack, seller, orderId, (p) => p.status === 'cancelled', 'the cancelled payout');
    expect((await release(orderId)).body.outcome).toBe('done');
    expect((await transfersTo(stack, accountId)).filter((t) => t.transfer_group === orderId)).toHaveLength(0);
    await waitFor(async () => (await standInStripe(stack).paymentIntents.retrieve(paymentIntentId, { expand: ['latest_charge'] })).latest_charge, {
      what: 'the charge',
    });
    const intent = await standInStripe(stack).paymentIntents.retrieve(paymentIntentId, { expand: ['latest_charge'] });
    await waitFor(async () => ((await standInStripe(stack).charges.retrieve((intent.latest_charge as any).id)).refunded ? true : null), { what: 'the refund' });
    expect((await refund(orderId)).body.status).toBe('refunded'); // again: the same answer, nothing more
  });

  it('reverses the transfer when the order is refunded after release', async () => {
    const { orderId, ticket } = await sell(stack, seller, buyer, { price: 12.34 });
    await eventHappened(stack, ticket, seller.id);
    const paid = await waitForPayout(stack, seller, orderId, (p) => p.status === 'paid', 'the paid payout');
    expect((await refund(orderId)).status).toBe(200);
    const reversed = await waitForPayout(stack, seller, orderId, (p) => p.status === 'reversed', 'the reversed payout');
    expect(reversed.transferId).toBe(paid.transferId);
    const transfer = await standInStripe(stack).transfers.retrieve(paid.transferId);
    expect(transfer).toMatchObject({ amount: 1111, amount_reversed: 1111, reversed: true });
    expect(transfer.reversals.data).toHaveLength(1);
  });

  it('only admins refund, only complete orders', async () => {
    const { orderId } = await sell(stack, seller, buyer, { price: 5 });
    expect((await api(stack.origin, 'POST', `/api/orders/${orderId}/refund`, { token: buyer.token })).status).toBe(403);
    expect((await api(stack.origin, 'POST', '/api/orders/no-such-order/refund', { token: admin.token })).status).toBe(404);
    const listed = await api(stack.origin, 'POST', '/api/tickets', {
      token: seller.token,
      body: { title: 'Unsold', category: 'concert', venue: 'Hall', city: 'Oslo', eventDate: new Date(Date.now() + 86_400_000).toISOString(), price: 5 },
    });
    await waitFor(async () => (await stack.platform('orders').db.collection('orders_tickets').doc(listed.body.id).get()).exists, { what: 'replica' });
    const open = await api(stack.origin, 'POST', '/api/orders', { token: buyer.token, body: { ticketId: listed.body.id } });
    expect((await refund(open.body.id)).status).toBe(409);
  });

  it('moves the release when the event is postponed after the sale', async () => {
    const { orderId, ticket, payout } = await sell(stack, seller, buyer, { price: 8 });
    const later = new Date(Date.parse(ticket.eventDate) + 10 * 86_400_000);
    await eventHappened(stack, ticket, seller.id, 500, later);
    const moved = await waitForPayout(stack, seller, orderId, (p) => p.releaseAt !== payout.releaseAt, 'the moved payout');
    expect(Date.parse(moved.releaseAt)).toBe(later.getTime() + 60_000);
    // The task of the old date (or any early firing) does nothing; a task for the new date is pending.
    expect((await release(orderId)).body.outcome).toBe('early');
    const tasks = await stack.platform('payouts').db.collection('payouts_tasks').where('orderId', '==', orderId).get();
    // More than 29 days ahead, the task waits as a hop that names when it is due (platform/task-horizon.ts).
    expect(tasks.docs.map((doc) => (doc.data().dueAt ?? doc.data().runAt).toDate().getTime())).toContain(later.getTime() + 60_000);
    // An older version arriving late never moves it back.
    await eventHappened(stack, ticket, seller.id, 400, new Date(Date.now() - 3_600_000));
    expect((await payoutOf(stack, seller, orderId))!.releaseAt).toBe(moved.releaseAt);
  });
});

describe('payouts › sellers not ready', () => {
  it('holds the payout of a seller who has not onboarded and pays it when account.updated says they are active', async () => {
    const seller = await signUp(stack.origin);
    const { orderId, ticket } = await sell(stack, seller, buyer, { price: 20 });
    await eventHappened(stack, ticket, seller.id);
    expect((await release(orderId)).body.outcome).toBe('awaiting-onboarding');
    expect(await payoutOf(stack, seller, orderId)).toMatchObject({ status: 'held', holdReason: 'awaiting-onboarding' });
    const accountId = await onboard(stack, seller);
    const paid = await waitForPayout(stack, seller, orderId, (p) => p.status === 'paid', 'the paid payout');
    expect(await transfersTo(stack, accountId)).toEqual([expect.objectContaining({ id: paid.transferId, amount: 1800, transfer_group: orderId })]);
  });

  it('keeps a payout Stripe refuses held with a clear status and retries until the transfer goes through', async () => {
    const seller = await signUp(stack.origin);
    // Settled before the restriction: onboarding's account.updated handled after it would record the account
    // restricted, and no transfer would ever be tried.
    const accountId = await onboardUntilSettled(stack, seller);
    const { orderId, ticket } = await sell(stack, seller, buyer, { price: 10 });
    // Stripe restricts the account, its account.updated still on its way: our record says active.
    await standInStripe(stack).rawRequest('POST', `/v1/test_helpers/accounts/${accountId}/restrict`, { notify: 'false' });
    await eventHappened(stack, ticket, seller.id);
    const refused = await waitForPayout(stack, seller, orderId, (p) => p.holdReason === 'transfer-refused', 'the refused payout');
    expect(refused.status).toBe('held');
    expect(refused.lastError).toMatch(/capabilities/);
    expect(await transfersTo(stack, accountId)).toHaveLength(0);
    // The seller fixes their account; the next retry pays.
    const link = await api(stack.origin, 'POST', '/api/payouts/account', { token: seller.token });
    await fetch(link.body.onboardingUrl, { method: 'POST', redirect: 'manual' });
    const paid = await waitForPayout(stack, seller, orderId, (p) => p.status === 'paid', 'the paid payout');
    expect(await transfersTo(stack, accountId)).toEqual([expect.objectContaining({ id: paid.transferId, amount: 900 })]);
  });
});

describe('payouts › releases after activation', () => {
  let seller: SignedInUser;
  let accountId: string;
  beforeAll(async () => {
    seller = await signUp(stack.origin);
    accountId = await onboardUntilSettled(stack, seller);
  });

  it('a retried account.updated still releases what is due, though the account is recorded active already', async () => {
    const { orderId } = await sell(stack, seller, buyer, { price: 15 });
    await dueWithoutTask(orderId);
    // The delivery that recorded the account active failed before its release; Stripe sends it again.
    const payload = JSON.stringify({
      id: `evt_retry${Date.now()}`,
      type: 'account.updated',
      data: { object: { id: accountId, metadata: { userId: seller.id } } },
    });
    const secret = createPayoutsContext(stack.platform('payouts'), noTasks).settings.connectWebhookSecret;
    const delivered = await api(stack.origin, 'POST', '/api/payouts/webhook', {
      raw: { text: payload, contentType: 'application/json' },
      headers: { 'stripe-signature': signStripePayload(payload, secret) },
    });
    expect(delivered.body).toEqual({ received: true, outcome: 'active' });
    expect(await payoutOf(stack, seller, orderId)).toMatchObject({ status: 'paid', net: 13.5 });
  });

  it('hands a release that failed after activation to the task queue, whose retry pays it', async () => {
    const { orderId } = await sell(stack, seller, buyer, { price: 11 });
    await dueWithoutTask(orderId);
    const platform = stack.platform('payouts');
    const queue = localReleaseTasks(platform, (id) => releasePayout(ctx, id));
    const ctx = createPayoutsContext(platform, queue);
    const create = ctx.stripe.transfers.create.bind(ctx.stripe.transfers);
    let calls = 0;
    ctx.stripe.transfers.create = (async (...args: Parameters<typeof create>) => {
      if (++calls === 1) throw new Stripe.errors.StripeConnectionError({ message: 'socket hang up' });
      return create(...args);
    }) as typeof create;
    try {
      expect(await releaseDue(ctx, seller.id)).toBe(1);
      const tasks = await platform.db.collection('payouts_tasks').where('orderId', '==', orderId).get();
      expect(tasks.docs.map((doc) => doc.id).filter((id) => id.endsWith('-activation'))).toHaveLength(1);
      const paid = await waitForPayout(stack, seller, orderId, (p) => p.status === 'paid', 'the payout its retry pays');
      expect((await transfersTo(stack, accountId)).filter((t) => t.transfer_group === orderId)).toEqual([
        expect.objectContaining({ id: paid.transferId, amount: 990 }),
      ]);
      expect(calls).toBe(2);
    } finally {
      await queue.close();
    }
  });
});

describe('payouts › races and restarts', () => {
  it('cancels the payout of a refund whose release task cannot be deleted, and the task then pays nothing', async () => {
    const seller = await signUp(stack.origin);
    const accountId = await onboardUntilSettled(stack, seller);
    const { orderId } = await sell(stack, seller, buyer, { price: 12 });
    // As in a project where the payouts account lacks cloudtasks.tasks.delete (Cloud Tasks answers PERMISSION_DENIED).
    const denied: ReleaseTasks = {
      ...noTasks,
      cancel: async () => {
        throw Object.assign(new Error('7 PERMISSION_DENIED: The principal lacks IAM permission "cloudtasks.tasks.delete"'), { code: 7 });
      },
    };
    const platform = stack.platform('payouts');
    const handler = createHttpFunction(platform, payoutRoutes(createPayoutsContext(platform, denied)));
    const hosted = await hostFunction('payouts', handler, 0, 'payouts-without-task-delete');
    try {
      const refunded = envelope('payment.refunded', { id: `pay-${orderId}`, orderId, reason: 'requested_by_customer' });
      const delivered = await api(hosted.url, 'POST', '/events', {
        body: refunded,
        headers: { [INTERNAL_SECRET_HEADER]: stack.config.INTERNAL_SECRET, [EVENT_SUBJECT_HEADER]: refunded.type },
      });
      expect(delivered.status).toBe(200);
      expect(await payoutOf(stack, seller, orderId)).toMatchObject({ status: 'cancelled' });
      // The task left behind fires at its time and re-reads the payout.
      expect((await release(orderId)).body.outcome).toBe('done');
      expect((await transfersTo(stack, accountId)).filter((t) => t.transfer_group === orderId)).toHaveLength(0);
    } finally {
      await closeServer(hosted.server);
    }
  });

  it('reverses a transfer that was in flight when the order was refunded', async () => {
    const seller = await signUp(stack.origin);
    // Settled first: onboarding's own account.updated, handled late, releases what is due and would race this test's release.
    const accountId = await onboardUntilSettled(stack, seller);
    const { orderId } = await sell(stack, seller, buyer, { price: 25 });
    const platform = stack.platform('payouts');
    // Due now, without its task (nor one a redelivered event could ask for): this test runs the release itself,
    // with the refund landing mid-transfer.
    await dueWithoutTask(orderId, null);
    const ctx = createPayoutsContext(platform, noTasks);
    const create = ctx.stripe.transfers.create.bind(ctx.stripe.transfers);
    ctx.stripe.transfers.create = (async (...args: Parameters<typeof create>) => {
      expect((await refund(orderId)).status).toBe(200);
      await waitForPayout(stack, seller, orderId, (p) => p.status === 'cancelled', 'the payout cancelled mid-transfer');
      return create(...args);
    }) as typeof create;
    expect(await releasePayout(ctx, orderId)).toBe('reversed');
    const payout = await payoutOf(stack, seller, orderId);
    expect(payout).toMatchObject({ status: 'reversed' });
    const transfers = await transfersTo(stack, accountId);
    expect(transfers).toHaveLength(1);
    expect(transfers[0]).toMatchObject({ id: payout!.transferId, amount: 2250, reversed: true, amount_reversed: 2250 });
    // Firing again changes nothing.
    expect(await releasePayout(ctx, orderId)).toBe('done');
    expect((await standInStripe(stack).transfers.retrieve(payout!.transferId)).reversals.data).toHaveLength(1);
  });

  it('re-arms pending release tasks from Firestore after a restart', async () => {
    const platform = stack.platform('payouts');
    const fired: string[] = [];
    const before = localReleaseTasks(platform, async (orderId) => fired.push(orderId));
    await before.schedule('payout-restart-1', 'restart-order', new Date(Date.now() + 300));
    await before.close(); // the process dies before the timer fires
    const after = localReleaseTasks(platform, async (orderId) => fired.push(orderId));
    try {
      expect(await after.restore()).toBeGreaterThanOrEqual(1);
      const task = platform.db.collection('payouts_tasks').doc('payout-restart-1');
      await waitFor(async () => (await task.get()).data()?.state === 'done', { what: 'the re-armed release to fire' });
      // A second schedule of the same task name (a redelivered event) adds nothing.
      await after.schedule('payout-restart-1', 'restart-order', new Date());
    } finally {
      await after.close();
    }
    expect(fired).toEqual(['restart-order']);
  });
});
