import Link from 'next/link';
import { isApiError } from '@/lib/api/errors';
import { searchTickets } from '@/lib/api/tickets';
import type { BrowseQuery } from '@/lib/browse-query';
import type { Viewer } from '@/lib/viewer';
import { Pagination } from './pagination';
import { TicketGrid } from './ticket-card';

/** Results stream in under their own Suspense boundary, so the filters stay usable while a search runs. */
export async function BrowseResults({ query, viewer }: { query: BrowseQuery; viewer: Viewer }) {
  let result;
  try {
    result = await searchTickets(query.search);
  } catch (error) {
    // A filter the API refuses (say, min price above max) is the visitor's to fix, not an error page.
    if (!isApiError(error, 400)) throw error;
    return (
      <div role="alert" className="alert alert-error">
        <p>Those filters don&apos;t work together:</p>
        <ul>
          {error.errors.map((item, index) => (
            <li key={index}>{item.message}</li>
          ))}
        </ul>
      </div>
    );
  }
  if (result.items.length === 0) {
    const filtered = Object.keys(query.values).some((key) => key !== 'sort');
    return (
      <div className="empty">
        <h2>{filtered ? 'No tickets match these filters' : 'No tickets for sale yet'}</h2>
        <p>{filtered ? 'Try fewer filters or another city.' : 'Be the first to list one.'}</p>
        <p>{filtered ? <Link href="/">Clear all filters</Link> : <Link href="/sell">Sell a ticket</Link>}</p>
      </div>
    );
  }
  return (
    <>
      <p className="visually-hidden" aria-live="polite">
        {result.items.length} tickets on this page
      </p>
      <TicketGrid tickets={result.items} viewer={viewer} />
      <Pagination query={query} nextCursor={result.nextCursor} />
    </>
  );
}

export function ResultsSkeleton() {
  return (
    <div aria-busy="true" aria-live="polite">
      <p className="visually-hidden">Loading tickets…</p>
      <ul className="ticket-grid" aria-hidden="true">
        {Array.from({ length: 6 }, (_, index) => (
          <li key={index} className="card skeleton" />
        ))}
      </ul>
    </div>
  );
}
