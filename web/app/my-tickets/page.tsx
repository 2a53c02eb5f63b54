import type { Metadata } from 'next';
import Link from 'next/link';
import { listMyOrders } from '@/lib/api/orders';
import { requireUser } from '@/lib/auth';
import { formatPrice } from '@/lib/format';
import { getViewer } from '@/lib/viewer';

export const metadata: Metadata = { title: 'My tickets' };

/** The tickets the buyer owns: every complete order, each opening its QR code and file. */
export default async function MyTicketsPage() {
  await requireUser('/my-tickets');
  const [list, viewer] = await Promise.all([listMyOrders(), getViewer()]);
  const owned = list.items.filter((order) => order.status === 'complete');
  return (
    <>
      <div className="page-head">
        <h1>My tickets</h1>
      </div>
      {owned.length === 0 ? (
        <div className="empty">
          <h2>No tickets yet</h2>
          <p>
            Tickets you buy appear here with their QR code. <Link href="/">Find something to see</Link>.
          </p>
        </div>
      ) : (
        <ul className="rows" aria-label="Your tickets">
          {owned.map((order) => (
            <li key={order.id} className="row-item">
              <Link href={`/orders/${order.id}`}>{order.ticket.title}</Link>
              <span className="price">{formatPrice(order.ticket.price, order.ticket.currency, viewer.locale)}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
