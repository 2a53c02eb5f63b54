import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { reserveTicketAction, withdrawTicketAction } from '@/components/tickets/actions';
import { CATEGORY_LABELS } from '@/components/tickets/labels';
import { BuyBox, ManageListing, SellerName } from '@/components/tickets/ticket-viewer';
import { EventDate } from '@/components/ui/event-date';
import { StatusBadge } from '@/components/ui/status-badge';
import { getPublicTicket } from '@/lib/api/tickets';
import { formatPrice } from '@/lib/format';
import { PUBLIC_VIEWER } from '@/lib/viewer';

type Props = { params: Promise<{ id: string }> };

// The page is the same for every visitor: rendered on its first request, then served from the cache until the
// ticket's events revalidate its tag or this bound passes (PUBLIC_REVALIDATE_SECONDS; Next needs a literal here).
// Who looks (Buy, "You", the seller's controls) and the ticket's state right now are the browser's to ask.
export const revalidate = 30;
export const dynamicParams = true;
export function generateStaticParams(): Array<{ id: string }> {
  return [];
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const ticket = await getPublicTicket((await params).id);
  return { title: ticket ? ticket.title : 'Ticket not found' };
}

export default async function TicketPage({ params }: Props) {
  const { id } = await params;
  const ticket = await getPublicTicket(id);
  if (!ticket) notFound();
  const viewer = PUBLIC_VIEWER;
  return (
    <article className="detail">
      <p className="eyebrow">
        <Link href={`/?category=${ticket.category}`} prefetch={false}>
          {CATEGORY_LABELS[ticket.category] ?? ticket.category}
        </Link>
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
            <dd>
              <SellerName sellerId={ticket.sellerId} />
            </dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd>
              <StatusBadge status={ticket.status} />
            </dd>
          </div>
        </dl>
        <aside className="card buy-box" aria-label="Buy this ticket">
          <BuyBox ticketId={ticket.id} sellerId={ticket.sellerId} reserve={reserveTicketAction.bind(null, ticket.id)} />
        </aside>
      </div>
      {ticket.description ? (
        <section aria-labelledby="about">
          <h2 id="about">About this ticket</h2>
          <p className="prose">{ticket.description}</p>
        </section>
      ) : null}
      <ManageListing ticketId={ticket.id} sellerId={ticket.sellerId} withdraw={withdrawTicketAction.bind(null, ticket.id)} />
    </article>
  );
}
