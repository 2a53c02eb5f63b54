import Link from 'next/link';
import { browseHref, type BrowseValues } from '@/lib/browse-query';
import { CATEGORY_LABELS, SORT_LABELS } from './labels';

/**
 * A GET form: the URL is the state, so every result page can be bookmarked and shared. A plain form, not next/form:
 * nothing here needs to hydrate, and a search is a new page either way. Links are not prefetched: a crowd on the home
 * page would otherwise ask for every category's results at once.
 */
export function BrowseFilters({ values }: { values: BrowseValues }) {
  return (
    <section aria-labelledby="filters-heading" className="filters">
      <h2 id="filters-heading" className="visually-hidden">
        Search and filters
      </h2>
      <nav aria-label="Categories" className="chips">
        <Link href={browseHref(values, { category: undefined })} prefetch={false} className="chip" aria-current={!values.category ? 'true' : undefined}>
          All
        </Link>
        {Object.entries(CATEGORY_LABELS).map(([key, label]) => (
          <Link
            key={key}
            href={browseHref(values, { category: key })}
            prefetch={false}
            className="chip"
            aria-current={values.category === key ? 'true' : undefined}
          >
            {label}
          </Link>
        ))}
      </nav>
      <form action="/" method="get" className="filter-form">
        {values.category ? <input type="hidden" name="category" value={values.category} /> : null}
        <div className="field filter-search">
          <label htmlFor="filter-q">Search</label>
          <input id="filter-q" name="q" type="search" defaultValue={values.q} placeholder="Artist, team, venue or city" />
        </div>
        <div className="field">
          <label htmlFor="filter-city">City</label>
          <input id="filter-city" name="city" defaultValue={values.city} />
        </div>
        <div className="field">
          <label htmlFor="filter-sort">Sort by</label>
          <select id="filter-sort" name="sort" defaultValue={values.sort ?? 'eventDate'}>
            {Object.entries(SORT_LABELS).map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-min">Min price</label>
          <input id="filter-min" name="minPrice" inputMode="decimal" defaultValue={values.minPrice} />
        </div>
        <div className="field">
          <label htmlFor="filter-max">Max price</label>
          <input id="filter-max" name="maxPrice" inputMode="decimal" defaultValue={values.maxPrice} />
        </div>
        <div className="field">
          <label htmlFor="filter-from">From</label>
          <input id="filter-from" name="from" type="date" defaultValue={values.from} />
        </div>
        <div className="field">
          <label htmlFor="filter-to">To</label>
          <input id="filter-to" name="to" type="date" defaultValue={values.to} />
        </div>
        <div className="filter-actions">
          <button type="submit" className="button">
            Search
          </button>
          <Link href="/" className="button button-secondary">
            Clear
          </Link>
        </div>
      </form>
    </section>
  );
}
