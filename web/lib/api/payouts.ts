import { headers } from 'next/headers';
import { onboardingSchema, payoutAccountSchema, payoutListSchema, type Onboarding, type PayoutAccount, type PayoutList } from '@tickethub/shared';
import { apiRequest } from './client';

export async function getPayoutAccount(): Promise<PayoutAccount> {
  const { data } = await apiRequest('/api/payouts/account', { schema: payoutAccountSchema });
  return data;
}

/** Creates the seller's connected account when needed and a fresh (single-use) onboarding link. */
export async function startOnboarding(): Promise<Onboarding> {
  // Onboarding sends the seller back to this shop: tell the API which host the browser used (locally it has no PUBLIC_ORIGIN).
  const incoming = await headers();
  const host = incoming.get('x-forwarded-host') || incoming.get('host');
  const proto = incoming.get('x-forwarded-proto') ?? 'http';
  const { data } = await apiRequest('/api/payouts/account', {
    method: 'POST',
    schema: onboardingSchema,
    headers: host ? { 'x-forwarded-host': host, 'x-forwarded-proto': proto } : {},
  });
  return data;
}

export async function listMyPayouts(cursor?: string): Promise<PayoutList> {
  const { data } = await apiRequest('/api/payouts', { query: { limit: 50, cursor }, schema: payoutListSchema });
  return data;
}
