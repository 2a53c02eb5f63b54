import { browseHref, type BrowseValues } from '@/lib/browse-query';
import { CATEGORY_LABELS, SORT_LABELS } from './labels';

/**
 * A GET form: the URL is the state, so every result page can be bookmarked and shared. A plain form, not next/form:
 * nothing here needs to hydrate, and a search is a new page either way. Plain links too: nothing on the home page's
 * critical path hydrates but what must (next/link would also prefetch every category's results for each visitor).
 */
export function BrowseFilters({ values }: { values: BrowseValues }) {
  return (
    <section aria-labelledby="filters-heading" className="filters">
      <h2 id="filters-heading" className="visually-hidden">
        Search and filters
      </h2>
      <nav aria-label="Categories" className="chips">
        <a href={browseHref(values, { category: undefined })} className="chip" aria-current={!values.category ? 'true' : undefined}>
          All
        </a>
        {Object.entries(CATEGORY_LABELS).map(([key, label]) => (
          <a key={key} href={browseHref(values, { category: key })} className="chip" aria-current={values.category === key ? 'true' : undefined}>
            {label}
          </a>
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
          <a href="/" className="button button-secondary">
            Clear
          </a>
        </div>
      </form>
    </section>
  );
}
