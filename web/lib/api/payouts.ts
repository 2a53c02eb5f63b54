import { onboardingSchema, payoutAccountSchema, payoutListSchema, type Onboarding, type PayoutAccount, type PayoutList } from '@tickethub/shared';
import { apiRequest } from './client';

export async function getPayoutAccount(): Promise<PayoutAccount> {
  const { data } = await apiRequest('/api/payouts/account', { schema: payoutAccountSchema });
  return data;
}

/** Creates the seller's connected account when needed and a fresh (single-use) onboarding link. */
export async function startOnboarding(): Promise<Onboarding> {
  const { data } = await apiRequest('/api/payouts/account', { method: 'POST', schema: onboardingSchema });
  return data;
}

export async function listMyPayouts(cursor?: string): Promise<PayoutList> {
  const { data } = await apiRequest('/api/payouts', { query: { limit: 50, cursor }, schema: payoutListSchema });
  return data;
}
