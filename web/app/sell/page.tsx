import type { Metadata } from 'next';
import { createTicketAction } from '@/components/tickets/actions';
import { TicketForm } from '@/components/tickets/ticket-form';
import { requireUser } from '@/lib/auth';

export const metadata: Metadata = { title: 'Sell a ticket' };

export default async function SellPage() {
  await requireUser('/sell');
  return (
    <>
      <div className="page-head">
        <h1>Sell a ticket</h1>
        <p className="muted">Listing is free. Buyers reserve your ticket, pay by card, and it is marked sold.</p>
      </div>
      <TicketForm action={createTicketAction} submitLabel="List ticket" />
    </>
  );
}
