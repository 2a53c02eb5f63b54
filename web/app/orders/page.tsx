import type { Metadata } from 'next';
import Link from 'next/link';
import { OrderRow } from '@/components/orders/order-row';
import { listMyOrders } from '@/lib/api/orders';
import { requireUser } from '@/lib/auth';
import { listPage } from '@/lib/list-page';
import { getViewer } from '@/lib/viewer';

export const metadata: Metadata = { title: 'My orders' };

export default async function OrdersPage({ searchParams }: { searchParams: Promise<{ cursor?: string | string[] }> }) {
  await requireUser('/orders');
  const { cursor } = await searchParams;
  const [list, viewer] = await Promise.all([listPage(cursor, '/orders', listMyOrders), getViewer()]);
  const now = Date.now();
  return (
    <>
      <div className="page-head">
        <h1>My orders</h1>
      </div>
      {list.items.length === 0 ? (
        <div className="empty">
          <h2>No orders yet</h2>
          <p>
            <Link href="/">Find something to see</Link>.
          </p>
        </div>
      ) : (
        <ul className="rows" aria-label="Your orders">
          {list.items.map((order) => (
            <OrderRow key={order.id} order={order} viewer={viewer} now={now} />
          ))}
        </ul>
      )}
      {list.nextCursor ? (
        <p className="pagination">
          <Link href={`/orders?cursor=${list.nextCursor}`} className="button button-secondary">
            Older orders →
          </Link>
        </p>
      ) : null}
    </>
  );
}
