import type { Ticket } from '@tickethub/shared';
import { EventDate } from '@/components/ui/event-date';
import { StatusBadge } from '@/components/ui/status-badge';
import { formatPrice } from '@/lib/format';
import type { Viewer } from '@/lib/viewer';
import { CATEGORY_LABELS } from './labels';

export function TicketCard({ ticket, viewer, showStatus = false }: { ticket: Ticket; viewer: Viewer; showStatus?: boolean }) {
  return (
    <article className="card ticket-card">
      <p className="eyebrow">
        {CATEGORY_LABELS[ticket.category] ?? ticket.category}
        {showStatus ? <StatusBadge status={ticket.status} /> : null}
      </p>
      <h3>
        {/* The whole card is clickable through this link's ::after; the accessible name stays the title. A plain link,
            not next/link: a dozen of those would each hydrate (and prefetch) before anyone chose a card. */}
        <a href={`/tickets/${ticket.id}`} className="card-link">
          {ticket.title}
        </a>
      </h3>
      <p className="muted">
        <EventDate iso={ticket.eventDate} viewer={viewer} />
      </p>
      <p className="muted">
        {ticket.venue}, {ticket.city}
      </p>
      <p className="price">{formatPrice(ticket.price, ticket.currency, viewer.locale)}</p>
    </article>
  );
}

export function TicketGrid({ tickets, viewer }: { tickets: Ticket[]; viewer: Viewer }) {
  return (
    <ul className="ticket-grid" aria-label="Tickets">
      {tickets.map((ticket) => (
        <li key={ticket.id}>
          <TicketCard ticket={ticket} viewer={viewer} />
        </li>
      ))}
    </ul>
  );
}
