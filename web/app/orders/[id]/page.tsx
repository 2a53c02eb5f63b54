import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cancelOrderAction } from '@/components/orders/actions';
import { Countdown } from '@/components/orders/countdown';
import { OrderOutcome } from '@/components/orders/order-outcome';
import { orderPhase, phaseBadge } from '@/components/orders/order-state';
import { RefreshWhileMounted } from '@/components/orders/refresh-while';
import { PaymentPanel } from '@/components/payments/payment-panel';
import { ActionButton } from '@/components/tickets/action-button';
import { EventDate } from '@/components/ui/event-date';
import { StatusBadge } from '@/components/ui/status-badge';
import { OrderTicketPanel } from '@/components/delivery/order-ticket';
import { getOrder, getOrderTicket } from '@/lib/api/orders';
import { latestPaymentStatus } from '@/lib/api/payments';
import { requireUser } from '@/lib/auth';
import { stripePublishableKey } from '@/lib/config';
import { formatPrice } from '@/lib/format';
import { getViewer } from '@/lib/viewer';

export const metadata: Metadata = { title: 'Your order' };

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireUser(`/orders/${id}`);
  const [order, viewer] = await Promise.all([getOrder(id), getViewer()]);
  if (!order) notFound();
  const now = Date.now();
  const phase = orderPhase(order, now);
  const amount = formatPrice(order.ticket.price, order.ticket.currency, viewer.locale);
  // A succeeded payment on a live order means the webhook's effect is still on its way: keep asking, quickly. Once the
  // buyer has started paying, ask now and then too, in case the payment completes in another tab.
  const payment = phase === 'live' ? await latestPaymentStatus(order.id) : null;
  const confirming = payment === 'succeeded';
  const ticket = phase === 'complete' ? await getOrderTicket(order.id) : null;

  return (
    <article className="detail">
      <p className="eyebrow">Order</p>
      <h1>{order.ticket.title}</h1>
      <div className="detail-grid">
        <div className="stack">
          {phase === 'live' ? (
            confirming ? (
              <div role="status" className="alert alert-info">
                <p>Payment accepted. Confirming your order…</p>
                <RefreshWhileMounted />
              </div>
            ) : (
              <>
                <Countdown expiresAt={order.expiresAt} serverNow={now} />
                {payment ? <RefreshWhileMounted everyMs={3000} /> : null}
                <PaymentPanel orderId={order.id} amount={amount} publishableKey={stripePublishableKey()} />
                <ActionButton action={cancelOrderAction.bind(null, order.id)} label="Cancel order" pending="Cancelling…" variant="secondary" />
              </>
            )
          ) : (
            <>
              <OrderOutcome phase={phase} order={order} />
              <OrderTicketPanel ticket={ticket} />
            </>
          )}
        </div>
        <dl className="facts card">
          <div>
            <dt>Status</dt>
            <dd>
              <StatusBadge status={phaseBadge(phase, order)} />
            </dd>
          </div>
          <div>
            <dt>Total</dt>
            <dd className="price price-large">{amount}</dd>
          </div>
          <div>
            <dt>Ticket</dt>
            <dd>
              <Link href={`/tickets/${order.ticket.id}`}>{order.ticket.title}</Link>
            </dd>
          </div>
          <div>
            <dt>Ordered</dt>
            <dd>
              <EventDate iso={order.createdAt} viewer={viewer} />
            </dd>
          </div>
          <div>
            <dt>Order number</dt>
            <dd className="mono">{order.id}</dd>
          </div>
        </dl>
      </div>
      <p>
        <Link href="/orders">← All my orders</Link>
      </p>
    </article>
  );
}
