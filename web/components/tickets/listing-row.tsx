import Link from 'next/link';
import type { Ticket } from '@tickethub/shared';
import { EventDate } from '@/components/ui/event-date';
import { StatusBadge } from '@/components/ui/status-badge';
import { sellerShare, type SellerTerms } from '@/components/payouts/seller-terms';
import { formatPrice } from '@/lib/format';
import type { Viewer } from '@/lib/viewer';
import { withdrawTicketAction } from './actions';
import { ActionButton } from './action-button';

/** One listing in the seller's (or the admin's) list: what it is, where it stands, what can still be done. */
export function ListingRow({ ticket, viewer, canEdit, terms }: { ticket: Ticket; viewer: Viewer; canEdit: boolean; terms?: SellerTerms | null }) {
  const open = ticket.status === 'available';
  const share = terms && ticket.status !== 'withdrawn' ? sellerShare(ticket.price, ticket.currency, ticket.eventDate, terms) : null;
  return (
    <li className="row-item" data-ticket-id={ticket.id}>
      <div className="row-main">
        {/* A withdrawn listing has no public page (it answers 404): its title is not a link to one. */}
        <h3>{ticket.status === 'withdrawn' ? ticket.title : <Link href={`/tickets/${ticket.id}`}>{ticket.title}</Link>}</h3>
        <p className="muted">
          <EventDate iso={ticket.eventDate} viewer={viewer} /> · {ticket.venue}, {ticket.city}
        </p>
        {share ? (
          <p className="muted payout-share">
            You receive {formatPrice(share.net, ticket.currency, viewer.locale)} (fee {formatPrice(share.fee, ticket.currency, viewer.locale)})
            {share.releaseAt ? (
              <>
                , paid <EventDate iso={share.releaseAt} viewer={viewer} />
              </>
            ) : null}
          </p>
        ) : null}
      </div>
      <p className="price">{formatPrice(ticket.price, ticket.currency, viewer.locale)}</p>
      <StatusBadge status={ticket.status} />
      <div className="row-actions">
        {open && canEdit ? (
          <Link href={`/tickets/${ticket.id}/edit`} className="button button-secondary button-small" aria-label={`Edit ${ticket.title}`}>
            Edit
          </Link>
        ) : null}
        {open ? <ActionButton action={withdrawTicketAction.bind(null, ticket.id)} label="Withdraw" pending="Withdrawing…" variant="danger" /> : null}
      </div>
    </li>
  );
}
