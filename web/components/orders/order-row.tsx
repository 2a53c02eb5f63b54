import Link from 'next/link';
import type { Order } from '@tickethub/shared';
import { EventDate } from '@/components/ui/event-date';
import { StatusBadge } from '@/components/ui/status-badge';
import { formatPrice } from '@/lib/format';
import type { Viewer } from '@/lib/viewer';
import { ActionButton } from '@/components/tickets/action-button';
import { refundOrderAction } from './actions';
import { orderPhase, phaseBadge } from './order-state';

export function OrderRow({
  order,
  viewer,
  now,
  showBuyer = false,
  canRefund = false,
}: {
  order: Order;
  viewer: Viewer;
  now: number;
  showBuyer?: boolean;
  /** Admins: a complete order can be refunded in full (the seller's payout is cancelled or reversed). */
  canRefund?: boolean;
}) {
  const phase = orderPhase(order, now);
  return (
    <li className="row-item" data-order-id={order.id}>
      <div className="row-main">
        <h3>
          <Link href={`/orders/${order.id}`}>{order.ticket.title}</Link>
        </h3>
        <p className="muted">
          Ordered <EventDate iso={order.createdAt} viewer={viewer} />
          {showBuyer ? ` · buyer ${order.userId.slice(0, 6)}` : ''}
        </p>
      </div>
      <p className="price">{formatPrice(order.ticket.price, order.ticket.currency, viewer.locale)}</p>
      <StatusBadge status={phaseBadge(phase, order)} />
      {canRefund && order.status === 'complete' ? (
        <div className="row-actions">
          <ActionButton action={refundOrderAction.bind(null, order.id)} label="Refund" pending="Refunding…" variant="danger" done="Refunded" />
        </div>
      ) : null}
    </li>
  );
}
