/** The seller's and buyer's journey for payouts tests, over HTTP against the whole stack and the Stripe stand-in. */
import { api, type SignedInUser } from '@tickethub/dev/testing/client';
import { deliverEvent, envelope, listedTicket } from '@tickethub/dev/testing/fixtures';
import type { TestStack } from '@tickethub/dev/testing/stack';
import Stripe from 'stripe';
import { EVENTUALLY_MS, waitFor } from '@tickethub/dev/testing/eventually';
import type { HttpFunction } from '@google-cloud/functions-framework';
import { createHttpFunction } from '../platform/http/handler';
import { startLocalTaskQueue } from '../platform/local-tasks';
import type { Platform } from '../platform/platform';
import type { PayoutsFunctionConfig } from './config';
import type { PayoutsContext } from './context';
import { createPayoutsContext, payoutRoutes } from './index';
import { releasePayout } from './release';
import { localReleaseTaskOptions, type ReleaseTasks } from './tasks';

export function standInStripe(stack: TestStack): Stripe {
  if (!stack.stripe) throw new Error('the stack has no Stripe stand-in');
  return new Stripe('sk_test_local', { host: '127.0.0.1', port: stack.stripe.port, protocol: 'http' });
}

/** Starts onboarding through the API and presses the stand-in page's button, as the seller's browser would. */
export async function onboard(stack: TestStack, seller: SignedInUser): Promise<string> {
  const started = await api(stack.origin, 'POST', '/api/payouts/account', { token: seller.token });
  if (started.status !== 200) throw new Error(`POST /api/payouts/account: ${started.status} ${JSON.stringify(started.body)}`);
  const page = await fetch(started.body.onboardingUrl);
  if (!(await page.text()).includes('Complete onboarding')) throw new Error('the onboarding page has no button');
  const done = await fetch(started.body.onboardingUrl, { method: 'POST', redirect: 'manual' });
  if (done.status !== 303) throw new Error(`completing onboarding answered ${done.status}`);
  return started.body.accountId as string;
}

/**
 * Onboards the seller and waits until the account reads active and onboarding's own account.updated has been
 * handled: handled later (seen 2 s after the record said active), it re-reads Stripe and records whatever the test
 * has made of the account since.
 */
export async function onboardUntilSettled(stack: TestStack, seller: SignedInUser): Promise<string> {
  const accountId = await onboard(stack, seller);
  await waitFor(async () => (await account(stack, seller)).status === 'active', { what: 'active account' });
  await stack.stripe!.waitForDeliveries();
  return accountId;
}

export async function account(stack: TestStack, seller: SignedInUser) {
  return (await api(stack.origin, 'GET', '/api/payouts/account', { token: seller.token })).body;
}

/** Lists a ticket, reserves it and pays with the test card (`pm_card_createDispute`: paid, then disputed); resolves once the payout exists. */
export async function sell(stack: TestStack, seller: SignedInUser, buyer: SignedInUser, overrides: Record<string, unknown> = {}, card = 'pm_card_visa') {
  const ticket = await listedTicket(stack, seller, overrides);
  const reserved = await api(stack.origin, 'POST', '/api/orders', { token: buyer.token, body: { ticketId: ticket.id } });
  if (reserved.status !== 201) throw new Error(`reserve failed: ${reserved.status} ${JSON.stringify(reserved.body)}`);
  const orderId = reserved.body.id as string;
  const payment = await waitFor(
    async () => {
      const response = await api(stack.origin, 'POST', '/api/payments', { token: buyer.token, body: { orderId } });
      if (response.status === 404) return null; // order.created has not reached payments yet
      if (response.status !== 201) throw new Error(`POST /api/payments: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    },
    { what: `payments to accept order ${orderId}`, timeoutMs: EVENTUALLY_MS },
  );
  await standInStripe(stack).paymentIntents.confirm(payment.paymentIntentId, { payment_method: card });
  const payout = await waitForPayout(stack, seller, orderId, () => true);
  return { ticket, orderId, paymentIntentId: payment.paymentIntentId as string, payout };
}

export async function payoutOf(stack: TestStack, seller: SignedInUser, orderId: string) {
  const list = await api(stack.origin, 'GET', '/api/payouts?limit=100', { token: seller.token });
  return (list.body.items as Array<Record<string, any>>).find((item) => item.orderId === orderId) ?? null;
}

export function waitForPayout(stack: TestStack, seller: SignedInUser, orderId: string, ready: (payout: Record<string, any>) => boolean, what = 'the payout') {
  return waitFor(
    async () => {
      const payout = await payoutOf(stack, seller, orderId);
      return payout && ready(payout) ? payout : null;
    },
    { what: `${what} of order ${orderId}`, timeoutMs: EVENTUALLY_MS },
  );
}

/** The event moved to a date already past (as a postponement would move it to another date): the release is due now. */
export function eventHappened(stack: TestStack, ticket: Record<string, any>, sellerId: string, version = 1000, eventDate = new Date(Date.now() - 3_600_000)) {
  return deliverEvent(
    stack,
    'payouts',
    envelope('ticket.updated', {
      id: ticket.id,
      version,
      title: ticket.title,
      price: 1999,
      currency: ticket.currency,
      sellerId,
      eventDate: eventDate.toISOString(),
      status: 'sold',
      orderId: null,
    }),
  );
}

export async function transfersTo(stack: TestStack, accountId: string) {
  return (await standInStripe(stack).transfers.list({ destination: accountId, limit: 100 })).data;
}

/**
 * The payouts function with a release queue that runs a task already due before the call creating it returns. Cloud
 * Tasks dispatches such a task at once, so it may run before its creator's transaction commits; the local queue's
 * timer nearly always lets the commit win (1 run in 28: the refused-payout test's release read the payout 6 ms before
 * the moved date committed, found it "early", and the test timed out as in CI). Here the worst case is the only case:
 * a task created before the payout it serves is committed fails every time. Tasks for later keep the local queue's
 * timers, and a run that fails is handed to it to retry, as Cloud Tasks would.
 */
export function payoutsWithEagerTasks(platform: Platform<PayoutsFunctionConfig>): HttpFunction {
  const fire = (orderId: string) => releasePayout(ctx, orderId);
  const later = startLocalTaskQueue(platform, localReleaseTaskOptions(fire));
  const tasks: ReleaseTasks = {
    schedule: async (taskId, orderId, runAt) => {
      if (runAt.getTime() > Date.now()) return later.schedule(taskId, orderId, runAt);
      await fire(orderId).catch(() => later.schedule(taskId, orderId, runAt));
    },
    cancel: (taskId, dueAt) => later.cancel(taskId, dueAt),
    continueHop: (body) => later.continueHop(body),
    close: () => later.close(),
  };
  const ctx: PayoutsContext = createPayoutsContext(platform, tasks);
  return createHttpFunction(platform, payoutRoutes(ctx));
}
