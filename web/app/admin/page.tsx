import type { Metadata } from 'next';
import Link from 'next/link';
import type { TicketStatus } from '@tickethub/shared';
import { AdminDeadLetters } from '@/components/admin/dead-letters';
import { OrderRow } from '@/components/orders/order-row';
import { ListingRow } from '@/components/tickets/listing-row';
import { listAllOrders } from '@/lib/api/orders';
import { listTicketsByStatus } from '@/lib/api/tickets';
import { requireUser } from '@/lib/auth';
import { listPage } from '@/lib/list-page';
import { getViewer } from '@/lib/viewer';

export const metadata: Metadata = { title: 'Admin' };

const STATUSES: TicketStatus[] = ['available', 'reserved', 'sold', 'withdrawn'];

type Search = { view?: string; status?: string; cursor?: string | string[] };

export default async function AdminPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireUser('/admin');
  if (user.role !== 'admin') {
    return (
      <div className="empty">
        <h1>Admins only</h1>
        <p>Your account cannot see the admin panel.</p>
      </div>
    );
  }
  const search = await searchParams;
  const view = search.view === 'orders' ? 'orders' : search.view === 'dead-letters' ? 'dead-letters' : 'tickets';
  return (
    <>
      <div className="page-head">
        <h1>Admin</h1>
      </div>
      <nav aria-label="Admin sections" className="chips">
        <Link href="/admin" className="chip" aria-current={view === 'tickets' ? 'page' : undefined}>
          Tickets
        </Link>
        <Link href="/admin?view=orders" className="chip" aria-current={view === 'orders' ? 'page' : undefined}>
          Orders
        </Link>
        <Link href="/admin?view=dead-letters" className="chip" aria-current={view === 'dead-letters' ? 'page' : undefined}>
          Dead letters
        </Link>
      </nav>
      {view === 'dead-letters' ? (
        <AdminDeadLetters />
      ) : view === 'orders' ? (
        <AdminOrders cursor={search.cursor} />
      ) : (
        <AdminTickets status={STATUSES.find((s) => s === search.status) ?? 'available'} cursor={search.cursor} />
      )}
    </>
  );
}

async function AdminTickets({ status, cursor }: { status: TicketStatus; cursor?: string | string[] }) {
  const [list, viewer] = await Promise.all([listPage(cursor, `/admin?status=${status}`, (from) => listTicketsByStatus(status, from)), getViewer()]);
  return (
    <section aria-labelledby="admin-tickets">
      <h2 id="admin-tickets">Tickets</h2>
      <nav aria-label="Ticket status" className="chips">
        {STATUSES.map((s) => (
          <Link key={s} href={`/admin?status=${s}`} className="chip" aria-current={s === status ? 'true' : undefined}>
            {s[0]!.toUpperCase() + s.slice(1)}
          </Link>
        ))}
      </nav>
      {list.items.length === 0 ? (
        <p className="empty">No {status} tickets.</p>
      ) : (
        <ul className="rows" aria-label={`${status} tickets`}>
          {list.items.map((ticket) => (
            <ListingRow key={ticket.id} ticket={ticket} viewer={viewer} canEdit={false} />
          ))}
        </ul>
      )}
      {list.nextCursor ? (
        <p className="pagination">
          <Link href={`/admin?status=${status}&cursor=${list.nextCursor}`} className="button button-secondary">
            More →
          </Link>
        </p>
      ) : null}
    </section>
  );
}

async function AdminOrders({ cursor }: { cursor?: string | string[] }) {
  const [list, viewer] = await Promise.all([listPage(cursor, '/admin?view=orders', listAllOrders), getViewer()]);
  const now = Date.now();
  return (
    <section aria-labelledby="admin-orders">
      <h2 id="admin-orders">All orders</h2>
      {list.items.length === 0 ? (
        <p className="empty">No orders yet.</p>
      ) : (
        <ul className="rows" aria-label="All orders">
          {list.items.map((order) => (
            <OrderRow key={order.id} order={order} viewer={viewer} now={now} showBuyer canRefund />
          ))}
        </ul>
      )}
      {list.nextCursor ? (
        <p className="pagination">
          <Link href={`/admin?view=orders&cursor=${list.nextCursor}`} className="button button-secondary">
            More →
          </Link>
        </p>
      ) : null}
    </section>
  );
}
