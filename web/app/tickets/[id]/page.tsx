import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { reserveTicketAction, withdrawTicketAction } from '@/components/tickets/actions';
import { ActionButton } from '@/components/tickets/action-button';
import { CATEGORY_LABELS } from '@/components/tickets/labels';
import { EventDate } from '@/components/ui/event-date';
import { StatusBadge } from '@/components/ui/status-badge';
import { getTicket } from '@/lib/api/tickets';
import { getCurrentUser } from '@/lib/api/users';
import { formatPrice } from '@/lib/format';
import { getViewer } from '@/lib/viewer';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const ticket = await getTicket((await params).id);
  return { title: ticket ? ticket.title : 'Ticket not found' };
}

export default async function TicketPage({ params }: Props) {
  const { id } = await params;
  const [ticket, user, viewer] = await Promise.all([getTicket(id), getCurrentUser(), getViewer()]);
  if (!ticket) notFound();
  const mine = user?.id === ticket.sellerId;
  const canManage = (mine || user?.role === 'admin') && ticket.status === 'available';

  return (
    <article className="detail">
      <p className="eyebrow">
        <Link href={`/?category=${ticket.category}`}>{CATEGORY_LABELS[ticket.category] ?? ticket.category}</Link>
      </p>
      <h1>{ticket.title}</h1>
      <div className="detail-grid">
        <dl className="facts">
          <div>
            <dt>Price</dt>
            <dd className="price price-large">{formatPrice(ticket.price, ticket.currency, viewer.locale)}</dd>
          </div>
          <div>
            <dt>Date</dt>
            <dd>
              <EventDate iso={ticket.eventDate} viewer={viewer} />
            </dd>
          </div>
          <div>
            <dt>Venue</dt>
            <dd>
              {ticket.venue}, {ticket.city}
            </dd>
          </div>
          <div>
            <dt>Seller</dt>
            <dd>{mine ? 'You' : `Seller ${ticket.sellerId.slice(0, 6)}`}</dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd>
              <StatusBadge status={ticket.status} />
            </dd>
          </div>
        </dl>
        <aside className="card buy-box" aria-label="Buy this ticket">
          <BuyBox ticket={ticket} signedIn={!!user} mine={mine} />
        </aside>
      </div>
      {ticket.description ? (
        <section aria-labelledby="about">
          <h2 id="about">About this ticket</h2>
          <p className="prose">{ticket.description}</p>
        </section>
      ) : null}
      {canManage ? (
        <section aria-labelledby="manage" className="manage">
          <h2 id="manage">{mine ? 'Your listing' : 'Moderation'}</h2>
          <div className="row">
            {mine ? (
              <Link href={`/tickets/${ticket.id}/edit`} className="button button-secondary">
                Edit listing
              </Link>
            ) : null}
            <ActionButton action={withdrawTicketAction.bind(null, ticket.id)} label="Withdraw listing" pending="Withdrawing…" variant="danger" />
          </div>
        </section>
      ) : null}
    </article>
  );
}

function BuyBox({ ticket, signedIn, mine }: { ticket: { id: string; status: string }; signedIn: boolean; mine: boolean }) {
  if (ticket.status === 'reserved') return <p>Someone is buying this ticket right now. If they don&apos;t pay in time, it comes back on sale.</p>;
  if (ticket.status === 'sold') return <p>This ticket has been sold.</p>;
  if (ticket.status === 'withdrawn') return <p>The seller withdrew this listing.</p>;
  if (mine) return <p>This is your listing. Buyers see a Buy button here.</p>;
  if (!signedIn) {
    return (
      <p>
        <Link href={`/signin?next=${encodeURIComponent(`/tickets/${ticket.id}`)}`} className="button">
          Sign in to buy
        </Link>
      </p>
    );
  }
  return (
    <>
      <p className="muted">Buying reserves the ticket for you while you pay.</p>
      <ActionButton action={reserveTicketAction.bind(null, ticket.id)} label="Buy" pending="Reserving…" />
    </>
  );
}
