import type { Metadata } from 'next';
import Link from 'next/link';
import { PayoutRow } from '@/components/payouts/payout-row';
import { listMyPayouts } from '@/lib/api/payouts';
import { requireUser } from '@/lib/auth';
import { listPage } from '@/lib/list-page';
import { getViewer } from '@/lib/viewer';

export const metadata: Metadata = { title: 'Payouts' };

export default async function PayoutsPage({ searchParams }: { searchParams: Promise<{ cursor?: string | string[] }> }) {
  await requireUser('/payouts');
  const { cursor } = await searchParams;
  const [list, viewer] = await Promise.all([listPage(cursor, '/payouts', listMyPayouts), getViewer()]);
  return (
    <>
      <div className="page-head row-between">
        <h1>Payouts</h1>
        <Link href="/get-paid" className="button button-secondary">
          Payout account
        </Link>
      </div>
      {list.items.length === 0 ? (
        <div className="empty">
          <h2>No payouts yet</h2>
          <p>Each ticket you sell appears here, with what you receive and when.</p>
        </div>
      ) : (
        <ul className="rows" aria-label="Your payouts">
          {list.items.map((payout) => (
            <PayoutRow key={payout.id} payout={payout} viewer={viewer} />
          ))}
        </ul>
      )}
      {list.nextCursor ? (
        <p className="pagination">
          <Link href={`/payouts?cursor=${list.nextCursor}`} className="button button-secondary">
            More payouts →
          </Link>
        </p>
      ) : null}
    </>
  );
}
