import { Suspense } from 'react';
import type { BrowseQuery } from '@/lib/browse-query';
import type { Viewer } from '@/lib/viewer';
import { BrowseFilters } from './browse-filters';
import { BrowseResults, ResultsSkeleton } from './browse-results';

/** The home page's body: the cached first page of the listing (app/home) and every filtered search (app/page.tsx). */
export function BrowsePage({ query, viewer }: { query: BrowseQuery; viewer: Viewer }) {
  return (
    <>
      <div className="page-head">
        <h1>Find tickets</h1>
        <p className="muted">Concerts, sports, theatre and more, sold by fans who can&apos;t make it.</p>
      </div>
      <BrowseFilters values={query.values} />
      <Suspense key={JSON.stringify(query.search)} fallback={<ResultsSkeleton />}>
        <BrowseResults query={query} viewer={viewer} />
      </Suspense>
    </>
  );
}
