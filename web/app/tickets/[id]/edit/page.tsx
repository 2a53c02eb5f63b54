import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { updateTicketAction } from '@/components/tickets/actions';
import { TicketForm } from '@/components/tickets/ticket-form';
import { DeliverForm } from '@/components/delivery/deliver-form';
import { getTicket } from '@/lib/api/tickets';
import { requireUser } from '@/lib/auth';

export const metadata: Metadata = { title: 'Edit listing' };

export default async function EditTicketPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ problem?: string; file?: string }>;
}) {
  const { id } = await params;
  const { problem, file } = await searchParams;
  const user = await requireUser(`/tickets/${id}/edit`);
  const ticket = await getTicket(id);
  if (!ticket) notFound();
  if (ticket.sellerId !== user.id && user.role !== 'admin') {
    return (
      <div className="empty">
        <h1>Not your listing</h1>
        <p>Only the seller can edit this ticket.</p>
      </div>
    );
  }
  const missing = { needsBarcode: !ticket.barcodeHint, needsFile: !ticket.hasFile };
  if ((ticket.status === 'sold' || ticket.status === 'reserved') && (missing.needsBarcode || missing.needsFile)) {
    return (
      <>
        <div className="page-head">
          <h1>Deliver the ticket</h1>
          <p className="muted">
            {ticket.title} is {ticket.status}. Add what the buyer needs; once added it cannot be changed.
          </p>
        </div>
        <DeliverForm ticketId={ticket.id} version={ticket.version} {...missing} problem={problem} />
      </>
    );
  }
  if (ticket.status !== 'available') {
    return (
      <div className="empty">
        <h1>This listing can&apos;t be edited</h1>
        <p>It is {ticket.status}. Only tickets on sale can be changed.</p>
        <p>
          <Link href={`/tickets/${ticket.id}`}>Back to the ticket</Link>
        </p>
      </div>
    );
  }
  return (
    <>
      <div className="page-head">
        <h1>Edit listing</h1>
        <p className="muted">{ticket.title}</p>
      </div>
      {file === 'refused' || problem ? (
        <p role="alert" className="alert alert-warning">
          {problem ?? 'The listing was saved, but the ticket file was refused: it must be a PDF of at most 2 MB.'}
        </p>
      ) : null}
      <TicketForm
        action={updateTicketAction.bind(null, ticket.id, ticket.version)}
        submitLabel="Save changes"
        barcodeHint={ticket.barcodeHint}
        hasFile={ticket.hasFile}
        initial={{
          title: ticket.title,
          description: ticket.description,
          category: ticket.category,
          venue: ticket.venue,
          city: ticket.city,
          eventDate: ticket.eventDate,
          price: String(ticket.price),
          currency: ticket.currency,
        }}
      />
    </>
  );
}
