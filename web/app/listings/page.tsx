import type { Metadata } from 'next';
import Link from 'next/link';
import { ListingRow } from '@/components/tickets/listing-row';
import { getPayoutAccount } from '@/lib/api/payouts';
import { listMyTickets } from '@/lib/api/tickets';
import { requireUser } from '@/lib/auth';
import { listPage } from '@/lib/list-page';
import { getViewer } from '@/lib/viewer';

export const metadata: Metadata = { title: 'My listings' };

export default async function ListingsPage({ searchParams }: { searchParams: Promise<{ cursor?: string | string[] }> }) {
  await requireUser('/listings');
  const { cursor } = await searchParams;
  const [list, viewer, terms] = await Promise.all([listPage(cursor, '/listings', listMyTickets), getViewer(), getPayoutAccount().catch(() => null)]);
  return (
    <>
      <div className="page-head row-between">
        <h1>My listings</h1>
        <Link href="/sell" className="button">
          Sell a ticket
        </Link>
      </div>
      {list.items.length === 0 ? (
        <div className="empty">
          <h2>You haven&apos;t listed anything yet</h2>
          <p>
            <Link href="/sell">List your first ticket</Link> in under a minute.
          </p>
        </div>
      ) : (
        <ul className="rows" aria-label="Your listings">
          {list.items.map((ticket) => (
            <ListingRow key={ticket.id} ticket={ticket} viewer={viewer} canEdit terms={terms} />
          ))}
        </ul>
      )}
      {list.nextCursor ? (
        <p className="pagination">
          <Link href={`/listings?cursor=${list.nextCursor}`} className="button button-secondary">
            More listings →
          </Link>
        </p>
      ) : null}
    </>
  );
}
