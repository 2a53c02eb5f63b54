import { invalidRequest, paramError, resourceMissing } from './errors';
import type { HandlerContext } from './events';
import type { FormObject } from './form';
import { newId, nowSeconds } from './ids';
import { readBoolean, readEnum, readHash, readMetadata, readString, rejectUnknown, requireString } from './params';
import { snapshot, type Account, type AccountLink, type Store } from './store';

const CREATE_PARAMS = ['type', 'email', 'country', 'capabilities', 'metadata', 'business_profile', 'default_currency', 'expand'];
const LINK_PARAMS = ['account', 'type', 'refresh_url', 'return_url', 'collect', 'expand'];
// Stripe's account links expire after a few minutes; a fresh one is made each time the seller starts or resumes.
const LINK_TTL_SECONDS = 300;

/** POST /v1/accounts: Express accounts only (what TicketHub uses); onboarding is still to do, so nothing is enabled. */
export function createAccount(ctx: HandlerContext, form: FormObject): Account {
  rejectUnknown(form, CREATE_PARAMS);
  const type = readEnum(form, 'type', ['express', 'standard', 'custom'] as const);
  if (type !== 'express') throw paramError('type', 'The local Stripe stand-in creates Express accounts only (type=express).');
  const capabilities = readHash(form, 'capabilities') ?? {};
  const transfers = capabilities.transfers;
  const wantsTransfers = typeof transfers === 'object' && !Array.isArray(transfers) && transfers.requested === 'true';
  const account: Account = {
    id: newId('acct', 16),
    object: 'account',
    type: 'express',
    business_profile: { name: null, url: null },
    capabilities: wantsTransfers ? { transfers: 'inactive' } : {},
    charges_enabled: false,
    country: (readString(form, 'country') ?? 'US').toUpperCase(),
    created: nowSeconds(),
    default_currency: readString(form, 'default_currency') ?? 'usd',
    details_submitted: false,
    email: readString(form, 'email') ?? null,
    metadata: readMetadata(form) ?? {},
    payouts_enabled: false,
    requirements: {
      currently_due: ['business_type', 'external_account', 'tos_acceptance.date', 'tos_acceptance.ip'],
      eventually_due: ['business_type', 'external_account', 'tos_acceptance.date', 'tos_acceptance.ip'],
      past_due: [],
      pending_verification: [],
      disabled_reason: 'requirements.past_due',
      current_deadline: null,
      errors: [],
    },
  };
  ctx.store.accounts.set(account.id, account);
  return account;
}

export function retrieveAccount(store: Store, id: string): Account {
  const account = store.accounts.get(id);
  if (!account) throw resourceMissing('account', id);
  return account;
}

/** POST /v1/account_links: a single-use onboarding URL on the stand-in itself (see onboarding.ts). */
export function createAccountLink(ctx: HandlerContext, form: FormObject): AccountLink {
  rejectUnknown(form, LINK_PARAMS);
  const accountId = requireString(form, 'account');
  if (!ctx.store.accounts.has(accountId)) throw resourceMissing('account', accountId, 'account', 400);
  const type = readEnum(form, 'type', ['account_onboarding', 'account_update'] as const);
  if (type !== 'account_onboarding') throw paramError('type', 'The local Stripe stand-in makes account_onboarding links only.');
  const refreshUrl = requireString(form, 'refresh_url');
  const returnUrl = requireString(form, 'return_url');
  for (const [param, url] of [
    ['refresh_url', refreshUrl],
    ['return_url', returnUrl],
  ] as const) {
    if (!/^https?:\/\//.test(url)) throw paramError(param, `Not a valid URL: ${url}`, 'url_invalid');
  }
  const id = newId('acctlink', 20);
  const created = nowSeconds();
  ctx.store.accountLinks.set(id, {
    id,
    account: accountId,
    refresh_url: refreshUrl,
    return_url: returnUrl,
    expires_at: created + LINK_TTL_SECONDS,
    used: false,
  });
  return { object: 'account_link', created, expires_at: created + LINK_TTL_SECONDS, url: `${ctx.baseUrl}/connect/onboarding/${id}` };
}

/** The seller finished onboarding: transfers and payouts are enabled, nothing is due. */
export function completeOnboarding(ctx: HandlerContext, account: Account): void {
  const previous = {
    capabilities: snapshot(account.capabilities),
    charges_enabled: account.charges_enabled,
    payouts_enabled: account.payouts_enabled,
    details_submitted: account.details_submitted,
    requirements: snapshot(account.requirements),
  };
  account.capabilities = { ...account.capabilities, transfers: 'active' };
  account.charges_enabled = true;
  account.payouts_enabled = true;
  account.details_submitted = true;
  account.requirements = { ...account.requirements, currently_due: [], eventually_due: [], past_due: [], disabled_reason: null };
  ctx.emit('account.updated', account, previous);
}

const RESTRICT_PARAMS = ['notify'];

/**
 * POST /v1/test_helpers/accounts/:id/restrict (the stand-in's own test helper, after Stripe's test_helpers family):
 * Stripe disables the account's transfers, as when verification falls past due. `notify=false` skips account.updated,
 * to stand for the moment before Stripe's event arrives.
 */
export function restrictAccount(ctx: HandlerContext, id: string, form: FormObject): Account {
  rejectUnknown(form, RESTRICT_PARAMS);
  const account = retrieveAccount(ctx.store, id);
  if (!account.details_submitted) throw invalidRequest(`Account ${id} has not finished onboarding, so it cannot be restricted.`);
  const previous = { capabilities: snapshot(account.capabilities), payouts_enabled: account.payouts_enabled, requirements: snapshot(account.requirements) };
  account.capabilities = { ...account.capabilities, transfers: 'inactive' };
  account.payouts_enabled = false;
  account.requirements = { ...account.requirements, past_due: ['individual.verification.document'], disabled_reason: 'requirements.past_due' };
  if (readBoolean(form, 'notify') !== false) ctx.emit('account.updated', account, previous);
  return account;
}
