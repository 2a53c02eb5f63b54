import type { Metadata } from 'next';
import Link from 'next/link';
import { PayoutPreview } from '@/components/payouts/payout-preview';
import { createTicketAction } from '@/components/tickets/actions';
import { TicketForm } from '@/components/tickets/ticket-form';
import { getPayoutAccount } from '@/lib/api/payouts';
import { requireUser } from '@/lib/auth';
import { getViewer } from '@/lib/viewer';

export const metadata: Metadata = { title: 'Sell a ticket' };

export default async function SellPage() {
  await requireUser('/sell');
  const [account, viewer] = await Promise.all([getPayoutAccount().catch(() => null), getViewer()]);
  return (
    <>
      <div className="page-head">
        <h1>Sell a ticket</h1>
        <p className="muted">Listing is free. Buyers reserve your ticket, pay by card, and it is marked sold.</p>
        {account && account.status !== 'active' ? (
          <p className="muted">
            To receive your money, <Link href="/get-paid">set up payouts</Link>.
          </p>
        ) : null}
      </div>
      <TicketForm action={createTicketAction} submitLabel="List ticket" preview={account ? <PayoutPreview terms={account} locale={viewer.locale} /> : null} />
    </>
  );
}
