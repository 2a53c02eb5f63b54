'use server';

import { redirect } from 'next/navigation';
import type { FormState } from '@/components/ui/form-state';
import { isApiError } from '@/lib/api/errors';
import { startOnboarding } from '@/lib/api/payouts';

/** Starts or resumes onboarding: Stripe's links are single-use, so each press gets a fresh one and goes there. */
export async function startOnboardingAction(_state: FormState): Promise<FormState> {
  let url: string;
  try {
    url = (await startOnboarding()).onboardingUrl;
  } catch (error) {
    if (!isApiError(error) || error.status >= 500) throw error;
    return { message: error.message };
  }
  redirect(url);
}
