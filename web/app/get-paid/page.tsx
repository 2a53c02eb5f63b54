import type { Metadata } from 'next';
import Link from 'next/link';
import { OnboardingButton } from '@/components/payouts/onboarding-button';
import { describeDelay } from '@/components/payouts/seller-terms';
import { StatusBadge } from '@/components/ui/status-badge';
import { getPayoutAccount } from '@/lib/api/payouts';
import { requireUser } from '@/lib/auth';

export const metadata: Metadata = { title: 'Get paid' };

const EXPLAIN = {
  none: 'Set up a Stripe account to receive the money from your sales. It takes a few minutes.',
  onboarding: 'Your Stripe account is not finished yet. Continue where you left off; your sales wait for you meanwhile.',
  active: 'You are all set: your share of each sale is sent to your Stripe account after the event.',
  restricted: 'Stripe needs more information before it can pay you. Continue onboarding to provide it; payouts resume once it is done.',
} as const;

export default async function GetPaidPage() {
  await requireUser('/get-paid');
  const account = await getPayoutAccount();
  return (
    <>
      <div className="page-head">
        <h1>Get paid</h1>
        <p className="muted">
          Buyers pay TicketHub; {describeDelay(account.payoutDelaySeconds)} after the event we send you the price minus our {account.feePercent} % fee.
        </p>
      </div>
      <section aria-labelledby="account-status" className="stack">
        <h2 id="account-status">
          Payout account <StatusBadge status={account.status} />
        </h2>
        <p>{EXPLAIN[account.status]}</p>
        {account.status === 'active' ? (
          <p>
            <Link href="/payouts">See your payouts</Link>
          </p>
        ) : (
          <OnboardingButton label={account.status === 'none' ? 'Start onboarding' : 'Continue onboarding'} />
        )}
      </section>
    </>
  );
}
