import { browseHref, nextPage, previousPage, type BrowseQuery } from '@/lib/browse-query';

/** Plain links: the pages they lead to are new documents anyway, and nothing here needs to hydrate. */
export function Pagination({ query, nextCursor }: { query: BrowseQuery; nextCursor: string | null }) {
  const previous = previousPage(query);
  if (!previous && !nextCursor) return null;
  return (
    <nav aria-label="Pages" className="pagination">
      {previous ? (
        <a href={browseHref(query.values, {}, previous)} className="button button-secondary" rel="prev">
          ← Previous
        </a>
      ) : (
        <span />
      )}
      <span className="muted">Page {query.trail.length + 1}</span>
      {nextCursor ? (
        <a href={browseHref(query.values, {}, nextPage(query, nextCursor))} className="button button-secondary" rel="next">
          Next →
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}
