'use client';

import { ActionButton } from '@/components/tickets/action-button';
import { startOnboardingAction } from './actions';

export function OnboardingButton({ label }: { label: string }) {
  return <ActionButton action={startOnboardingAction} label={label} pending="Opening Stripe…" />;
}
