import { minorToAmount, onboardingSchema, payoutAccountSchema, type AccountStatus, type PayoutAccount } from '@tickethub/shared';
import type { Request } from '@google-cloud/functions-framework';
import type Stripe from 'stripe';
import { defineRoute } from '../platform/http/route';
import type { PayoutsContext } from './context';
import { releaseDue } from './release-due';
import { accountRef, DEBITS, readAccount, recordAccountOwner, type StoredAccount } from './store';
import { accountStatusOf, createExpressAccount, createOnboardingLink, retrieveAccount } from './stripe-calls';

/**
 * Records what Stripe says about a seller's account. An active account releases every due payout that was only
 * waiting for it: each time it is recorded active, not only when it becomes so, because a webhook retried after its
 * release failed finds the status already recorded. Shared by the webhook (account.updated) and the account routes
 * (which re-read Stripe while onboarding is open).
 */
export async function recordAccount(ctx: PayoutsContext, userId: string, account: Stripe.Account): Promise<StoredAccount> {
  const { db } = ctx.platform;
  const status: AccountStatus = accountStatusOf(account);
  const next: StoredAccount = { userId, accountId: account.id, status, payoutsEnabled: account.payouts_enabled ?? false, updatedAt: new Date() };
  const before = await db.runTransaction(async (tx) => {
    const current = readAccount(await tx.get(accountRef(db, userId)));
    if (current && current.accountId !== account.id) return current; // not this seller's account
    tx.set(accountRef(db, userId), next);
    return current;
  });
  if (before && before.accountId !== account.id) return before;
  if (status === 'active') await releaseDue(ctx, userId);
  return next;
}

/**
 * Locally (no PUBLIC_ORIGIN; production requires it) the seller comes back to the origin they came from: the shop
 * forwards its own host, a direct API client reaches the gateway's.
 */
function requestOrigin(req: Request): string {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim();
  const host = first(req.headers['x-forwarded-host']) || first(req.headers.host) || 'localhost:3000';
  const proto = first(req.headers['x-forwarded-proto']) === 'https' ? 'https' : 'http';
  return `${proto}://${host}`;
}

/** What the seller owes, per currency (a lost dispute), as decimal numbers like every amount the API shows. */
async function debitsOf(ctx: PayoutsContext, userId: string): Promise<PayoutAccount['debits']> {
  const owed = ((await ctx.platform.db.collection(DEBITS).doc(userId).get()).data()?.amounts ?? {}) as Record<string, number>;
  return Object.entries(owed)
    .filter(([, amount]) => amount > 0)
    .map(([currency, amount]) => ({ currency, amount: minorToAmount(amount, currency) }));
}

function toApi(ctx: PayoutsContext, account: StoredAccount | null, debits: PayoutAccount['debits']): PayoutAccount {
  return {
    accountId: account?.accountId ?? null,
    status: account?.status ?? 'none',
    payoutsEnabled: account?.payoutsEnabled ?? false,
    feePercent: ctx.settings.feePercent,
    payoutDelaySeconds: ctx.settings.delaySeconds,
    debits,
  };
}

export function accountRoutes(ctx: PayoutsContext) {
  const { db } = ctx.platform;
  return [
    defineRoute({
      method: 'GET',
      path: '/api/payouts/account',
      access: 'user',
      response: payoutAccountSchema,
      summary: "The caller's connected account: none, onboarding, active or restricted",
      handler: async ({ user }) => {
        let account = readAccount(await accountRef(db, user.id).get());
        // While onboarding is open the webhook may still be on its way: ask Stripe, so a returning seller sees the truth.
        if (account && account.status !== 'active') account = await recordAccount(ctx, user.id, await retrieveAccount(ctx.stripe, account.accountId));
        return { body: toApi(ctx, account, await debitsOf(ctx, user.id)) };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/payouts/account',
      access: 'user',
      response: onboardingSchema,
      summary: "Creates the caller's Express account if needed and a fresh onboarding link",
      handler: async ({ user, req }) => {
        let account = readAccount(await accountRef(db, user.id).get());
        if (!account) {
          const created = await createExpressAccount(ctx.stripe, user);
          // Before anything else: a webhook for it is attached only once this says whose it is.
          await recordAccountOwner(db, created.id, user.id);
          account = await recordAccount(ctx, user.id, created);
        }
        const link = await createOnboardingLink(ctx.stripe, account.accountId, ctx.settings.publicOrigin ?? requestOrigin(req));
        return { body: { accountId: account.accountId, status: account.status, onboardingUrl: link.url } };
      },
    }),
  ];
}
