import Link from 'next/link';
import { browseHref, nextPage, previousPage, type BrowseQuery } from '@/lib/browse-query';

export function Pagination({ query, nextCursor }: { query: BrowseQuery; nextCursor: string | null }) {
  const previous = previousPage(query);
  if (!previous && !nextCursor) return null;
  return (
    <nav aria-label="Pages" className="pagination">
      {previous ? (
        <Link href={browseHref(query.values, {}, previous)} className="button button-secondary" rel="prev">
          ← Previous
        </Link>
      ) : (
        <span />
      )}
      <span className="muted">Page {query.trail.length + 1}</span>
      {nextCursor ? (
        <Link href={browseHref(query.values, {}, nextPage(query, nextCursor))} className="button button-secondary" rel="next">
          Next →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
