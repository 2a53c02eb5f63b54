import type { Metadata } from 'next';
import { BrowsePage } from '@/components/tickets/browse-page';
import { parseBrowseQuery } from '@/lib/browse-query';
import { getViewer } from '@/lib/viewer';

export const metadata: Metadata = { title: { absolute: 'TicketHub: buy and sell event tickets' } };

/**
 * A filtered or paged search (`/?city=…`): rendered per request from the cached listing reads. The bare `/` that a
 * crowd opens is rewritten to the cached page in app/home (next.config.ts) and never reaches this one.
 */
export default async function SearchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [query, viewer] = await Promise.all([searchParams.then(parseBrowseQuery), getViewer()]);
  return <BrowsePage query={query} viewer={viewer} />;
}
