import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { updateTicketAction } from '@/components/tickets/actions';
import { TicketForm } from '@/components/tickets/ticket-form';
import { getTicket } from '@/lib/api/tickets';
import { requireUser } from '@/lib/auth';

export const metadata: Metadata = { title: 'Edit listing' };

export default async function EditTicketPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
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
      <TicketForm
        action={updateTicketAction.bind(null, ticket.id, ticket.version)}
        submitLabel="Save changes"
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
