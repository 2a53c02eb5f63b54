import type { AccountStatus } from '@tickethub/shared';
import { fromStripeAmount, UnavailableError } from '@tickethub/shared';
import Stripe from 'stripe';
import type { StoredPayout } from './store';

/** Stripe could not answer (network, its 5xx, rate limit): nothing is known to have changed, so ask to be retried. */
export async function call<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isTransient(error)) throw new UnavailableError('Payment provider temporarily unavailable', { cause: error });
    throw error;
  }
}

export function isTransient(error: unknown): boolean {
  return (
    error instanceof Stripe.errors.StripeConnectionError || error instanceof Stripe.errors.StripeAPIError || error instanceof Stripe.errors.StripeRateLimitError
  );
}

/** Stripe said no to the request itself (restricted account, missing capability): retrying the same thing at once will not help. */
export function isRefusal(error: unknown): error is Stripe.errors.StripeError {
  return error instanceof Stripe.errors.StripeError && !isTransient(error) && !(error instanceof Stripe.errors.StripeAuthenticationError);
}

/** What an account may do, from Stripe's own fields: transfers need the capability active and nothing disabling it. */
export function accountStatusOf(account: Stripe.Account): AccountStatus {
  if (account.capabilities?.transfers === 'active' && account.payouts_enabled && !account.requirements?.disabled_reason) return 'active';
  if (account.details_submitted || account.requirements?.disabled_reason?.startsWith('rejected')) return 'restricted';
  return 'onboarding';
}

export function createExpressAccount(stripe: Stripe, user: { id: string; email: string }): Promise<Stripe.Account> {
  return call(() =>
    stripe.accounts.create(
      { type: 'express', email: user.email, capabilities: { transfers: { requested: true } }, metadata: { userId: user.id } },
      { idempotencyKey: `tickethub-user-${user.id}-account` },
    ),
  );
}

export function retrieveAccount(stripe: Stripe, accountId: string): Promise<Stripe.Account> {
  return call(() => stripe.accounts.retrieve(accountId));
}

/** A fresh onboarding link each time: Stripe's links are single-use and expire within minutes. */
export function createOnboardingLink(stripe: Stripe, accountId: string, origin: string): Promise<Stripe.AccountLink> {
  return call(() =>
    stripe.accountLinks.create({
      account: accountId,
      type: 'account_onboarding',
      refresh_url: `${origin}/get-paid?refresh=1`,
      return_url: `${origin}/get-paid?returned=1`,
    }),
  );
}

/** What the sale put on the platform's balance: the charge, and its balance transaction's currency and amount. */
export interface Settlement {
  chargeId: string;
  /** The charge as the buyer paid it, in our minor units of its currency. */
  charged: number;
  /** What the charge settled in on the platform's balance: its currency and our minor units of it. */
  currency: string;
  amount: number;
}

/**
 * The charge of the paid intent (a transfer with it as source_transaction waits for those funds, never the balance)
 * and its balance transaction: Stripe transfers from a charge only in the currency it settled in.
 */
export async function settlementOf(stripe: Stripe, paymentIntentId: string): Promise<Settlement> {
  const intent = await call(() => stripe.paymentIntents.retrieve(paymentIntentId));
  const latest = intent.latest_charge;
  const id = typeof latest === 'string' ? latest : latest?.id;
  if (!id) throw new UnavailableError(`PaymentIntent ${paymentIntentId} has no charge yet`);
  const charge = await call(() => stripe.charges.retrieve(id, { expand: ['balance_transaction'] }));
  const settled = charge.balance_transaction;
  if (!settled || typeof settled === 'string') throw new UnavailableError(`Charge ${id} has no balance transaction yet`);
  const charged = fromStripeAmount(charge.amount, charge.currency);
  const amount = fromStripeAmount(settled.amount, settled.currency);
  if (charged === null || amount === null) throw new Error(`Charge ${id} holds an amount Stripe does not take in its currency`);
  return { chargeId: id, charged, currency: settled.currency, amount };
}

/**
 * The seller's share, once: the key is the payout's (with the refusal count, since Stripe replays a saved refusal for
 * 24 hours), so duplicate task firings and concurrent releases make one transfer. `amount` is already in Stripe's
 * representation of `currency`.
 */
export function createTransfer(
  stripe: Stripe,
  payout: StoredPayout,
  transfer: { destination: string; chargeId: string | null; amount: number; currency: string },
): Promise<Stripe.Transfer> {
  return call(() =>
    stripe.transfers.create(
      {
        amount: transfer.amount,
        currency: transfer.currency,
        destination: transfer.destination,
        ...(transfer.chargeId ? { source_transaction: transfer.chargeId } : {}),
        transfer_group: payout.orderId,
        metadata: { payoutId: payout.id, orderId: payout.orderId },
        description: `TicketHub payout for order ${payout.orderId}`,
      },
      // A transfer made again after a dispute was won (the first one was clawed back) needs a key of its own.
      { idempotencyKey: `tickethub-payout-${payout.id}-transfer-${payout.refusals}${payout.clawedBack.length ? `-after-${payout.clawedBack.length}` : ''}` },
    ),
  );
}

/**
 * Whatever transfer an earlier, interrupted release made for this order (transfer_group = the order id); one clawed
 * back when a dispute opened is not the payout's any more.
 */
export async function findTransfer(stripe: Stripe, payout: Pick<StoredPayout, 'orderId' | 'clawedBack'>): Promise<Stripe.Transfer | null> {
  const page = await call(() => stripe.transfers.list({ transfer_group: payout.orderId, limit: 10 }));
  const made = page.data.filter((transfer) => !payout.clawedBack.some((back) => back.transferId === transfer.id));
  return made.find((transfer) => transfer.amount_reversed < transfer.amount) ?? made[0] ?? null;
}

/**
 * Takes the whole transfer back from the seller's account; a transfer already fully reversed counts as done. `why`
 * names the occasion in the idempotency key, so a dispute's claw-back and a later refund's reversal never share one.
 */
export async function reverseTransfer(stripe: Stripe, payout: StoredPayout, transferId: string, why = 'reversal'): Promise<string | null> {
  const transfer = await call(() => stripe.transfers.retrieve(transferId));
  if (transfer.reversed) return transfer.reversals.data[0]?.id ?? null;
  const reversal = await call(() =>
    stripe.transfers.createReversal(
      transferId,
      { metadata: { payoutId: payout.id, orderId: payout.orderId } },
      { idempotencyKey: `tickethub-payout-${payout.id}-${why}` },
    ),
  );
  return reversal.id;
}

/**
 * Takes back part of a paid transfer (the buyer got part of their money back). One reversal per refunded total: the
 * key names the total, so a redelivered event reverses once and a further refund reverses its own part.
 */
export async function reverseTransferPart(stripe: Stripe, payout: StoredPayout, transferId: string, amount: number, refundedTotal: number): Promise<string> {
  const reversal = await call(() =>
    stripe.transfers.createReversal(
      transferId,
      { amount, metadata: { payoutId: payout.id, orderId: payout.orderId, refundedTotal: String(refundedTotal) } },
      { idempotencyKey: `tickethub-payout-${payout.id}-refunded-${refundedTotal}-reversal` },
    ),
  );
  return reversal.id;
}
