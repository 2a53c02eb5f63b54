/** Shared by the stand-in's tests: an SDK client pointed at it, and a webhook receiver that records what arrives. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { startStripeStandIn, type StripeStandIn, type StripeStandInOptions } from './index';

export function stripeClient(standIn: StripeStandIn, key = 'sk_test_local'): Stripe {
  return new Stripe(key, { host: '127.0.0.1', port: standIn.port, protocol: 'http' });
}

/** A stand-in per test, closed afterwards even when the test fails. */
export async function withStandIn<T>(options: StripeStandInOptions, run: (standIn: StripeStandIn, stripe: Stripe) => Promise<T>): Promise<T> {
  const standIn = await startStripeStandIn(options);
  try {
    return await run(standIn, stripeClient(standIn));
  } finally {
    await standIn.close();
  }
}

export interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  deliveries: Delivery[];
  /** Resolves once `count` deliveries have arrived (answered or not). */
  received(count: number): Promise<Delivery[]>;
  close(): Promise<void>;
}

/** `answer` decides each status from the delivery's 1-based number; it may wait, to hold a delivery open. */
export async function startReceiver(answer: (attempt: number) => number | Promise<number> = () => 200): Promise<Receiver> {
  const deliveries: Delivery[] = [];
  let waiters: Array<{ count: number; resolve: (all: Delivery[]) => void }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const attempt = deliveries.length;
      const ready = waiters.filter((waiter) => deliveries.length >= waiter.count);
      waiters = waiters.filter((waiter) => deliveries.length < waiter.count);
      for (const waiter of ready) waiter.resolve([...deliveries]);
      void Promise.resolve(answer(attempt)).then((status) => res.writeHead(status).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/payments/webhook`,
    deliveries,
    received: (count) => (deliveries.length >= count ? Promise.resolve([...deliveries]) : new Promise((resolve) => waiters.push({ count, resolve }))),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** An Express account that finished onboarding on the stand-in's own page: it can receive transfers. */
export async function onboardedAccount(stripe: Stripe, metadata: Record<string, string> = { userId: 'u1' }): Promise<Stripe.Account> {
  const account = await stripe.accounts.create({ type: 'express', email: 'seller@example.com', capabilities: { transfers: { requested: true } }, metadata });
  const link = await stripe.accountLinks.create({
    account: account.id,
    type: 'account_onboarding',
    refresh_url: 'http://shop.test/again',
    return_url: 'http://shop.test/back',
  });
  const done = await fetch(link.url, { method: 'POST', redirect: 'manual' });
  if (done.status !== 303) throw new Error(`completing onboarding answered ${done.status}`);
  return stripe.accounts.retrieve(account.id);
}

/** The charge of a paid PaymentIntent, `amount` in Stripe's representation of the currency. */
export async function paidCharge(stripe: Stripe, amount: number, currency = 'usd'): Promise<string> {
  const intent = await stripe.paymentIntents.create({ amount, currency, payment_method: 'pm_card_visa', confirm: true });
  return intent.latest_charge as string;
}

/** A promise plus its resolver, to hold something open until the test lets it go. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

/** The rejection of a promise that must fail, typed for assertions on Stripe's error fields. */
export async function failureOf(promise: Promise<unknown>): Promise<InstanceType<typeof Stripe.errors.StripeError>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) return error;
    throw error;
  }
  throw new Error('expected the Stripe call to fail, it succeeded');
}
