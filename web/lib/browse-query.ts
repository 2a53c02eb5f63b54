import type { TicketSort } from '@tickethub/shared';
import type { TicketSearch } from './api/tickets';

/** Browse state lives in the URL (shareable): these are its parameters, as typed by the filter form. */
export const BROWSE_PARAMS = ['q', 'category', 'city', 'minPrice', 'maxPrice', 'from', 'to', 'sort'] as const;
export type BrowseParam = (typeof BROWSE_PARAMS)[number];
export type BrowseValues = Partial<Record<BrowseParam, string>>;

const SORTS: readonly TicketSort[] = ['eventDate', '-eventDate', 'price', '-price', '-createdAt'];
/** Marks "the first page" in the trail of previous cursors; cannot collide with a cursor ([\w-]). */
const FIRST = '~';
const MAX_TRAIL = 50;
export const PAGE_SIZE = 12;

export interface BrowseQuery {
  values: BrowseValues;
  cursor?: string;
  trail: string[];
  search: TicketSearch;
}

type SearchParams = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
}

/** Date inputs give YYYY-MM-DD; the API wants instants: the whole day, in UTC. */
function dayBound(day: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return day || undefined;
  return `${day}T${end ? '23:59:59.999' : '00:00:00.000'}Z`;
}

export function parseBrowseQuery(params: SearchParams): BrowseQuery {
  const values: BrowseValues = {};
  for (const key of BROWSE_PARAMS) {
    const value = first(params[key]);
    if (value) values[key] = value;
  }
  if (values.sort && !SORTS.includes(values.sort as TicketSort)) delete values.sort;
  const cursor = first(params.cursor) || undefined;
  const trail = first(params.prev).split(',').filter(Boolean).slice(-MAX_TRAIL);
  const search: TicketSearch = {
    q: values.q,
    category: values.category,
    city: values.city,
    minPrice: values.minPrice,
    maxPrice: values.maxPrice,
    from: values.from ? dayBound(values.from, false) : undefined,
    to: values.to ? dayBound(values.to, true) : undefined,
    sort: values.sort as TicketSort | undefined,
    cursor,
    limit: PAGE_SIZE,
  };
  return { values, cursor, trail, search };
}

/** A URL for the same search with some values changed; any change of filters starts again at page one. */
export function browseHref(values: BrowseValues, changes: BrowseValues = {}, page?: { cursor?: string; trail: string[] }): string {
  const params = new URLSearchParams();
  for (const key of BROWSE_PARAMS) {
    const value = key in changes ? changes[key] : values[key];
    if (value) params.set(key, value);
  }
  if (page?.cursor) params.set('cursor', page.cursor);
  if (page && page.trail.length) params.set('prev', page.trail.join(','));
  const query = params.toString();
  return query ? `/?${query}` : '/';
}

export function nextPage(query: BrowseQuery, nextCursor: string): { cursor: string; trail: string[] } {
  return { cursor: nextCursor, trail: [...query.trail, query.cursor ?? FIRST].slice(-MAX_TRAIL) };
}

export function previousPage(query: BrowseQuery): { cursor?: string; trail: string[] } | null {
  if (!query.cursor) return null;
  const previous = query.trail.at(-1);
  return { cursor: previous && previous !== FIRST ? previous : undefined, trail: query.trail.slice(0, -1) };
}
