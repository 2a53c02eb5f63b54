import Link from 'next/link';
import type { Order } from '@tickethub/shared';
import type { OrderPhase } from './order-state';

const OUTCOMES: Record<Exclude<OrderPhase, 'live'>, { title: string; body: string; tone: string }> = {
  complete: { title: 'Payment received: the ticket is yours', body: 'The seller has been told it is sold. Enjoy the event!', tone: 'success' },
  expired: { title: 'This reservation expired', body: 'It was not paid in time, so the ticket went back on sale.', tone: 'warning' },
  cancelled: { title: 'You cancelled this order', body: 'The ticket went back on sale.', tone: 'warning' },
  withdrawn: { title: 'The seller withdrew this ticket', body: 'Nothing was charged for this order.', tone: 'warning' },
  refunded: { title: 'This order was refunded', body: 'The full price went back to your card.', tone: 'warning' },
};

/** The end states of an order, each saying what happened and what the buyer can do next. */
export function OrderOutcome({ phase, order }: { phase: Exclude<OrderPhase, 'live'>; order: Order }) {
  const outcome = OUTCOMES[phase];
  return (
    <div className={`alert alert-${outcome.tone}`} role="status">
      <h2>{outcome.title}</h2>
      <p>{outcome.body}</p>
      {phase === 'expired' || phase === 'cancelled' ? (
        <p>
          <Link href={`/tickets/${order.ticket.id}`}>See the ticket</Link>
        </p>
      ) : null}
    </div>
  );
}
