import type { Metadata } from 'next';
import { Suspense } from 'react';
import { BrowseFilters } from '@/components/tickets/browse-filters';
import { BrowseResults, ResultsSkeleton } from '@/components/tickets/browse-results';
import { parseBrowseQuery } from '@/lib/browse-query';

export const metadata: Metadata = { title: { absolute: 'TicketHub: buy and sell event tickets' } };

export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = parseBrowseQuery(await searchParams);
  return (
    <>
      <div className="page-head">
        <h1>Find tickets</h1>
        <p className="muted">Concerts, sports, theatre and more, sold by fans who can&apos;t make it.</p>
      </div>
      <BrowseFilters values={query.values} />
      <Suspense key={JSON.stringify(query.search)} fallback={<ResultsSkeleton />}>
        <BrowseResults query={query} />
      </Suspense>
    </>
  );
}
