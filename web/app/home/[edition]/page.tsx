import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { BrowsePage } from '@/components/tickets/browse-page';
import { parseBrowseQuery } from '@/lib/browse-query';
import { PUBLIC_VIEWER } from '@/lib/viewer';

export const metadata: Metadata = { title: { absolute: 'TicketHub: buy and sell event tickets' } };

// Rendered on the first request and then served from the cache, until a ticket event revalidates the listing tag or
// this bound passes (the same as PUBLIC_REVALIDATE_SECONDS; Next needs a literal here). The edition is a parameter
// only so that `next build`, which runs without the API, does not try to render the page ahead of time.
export const revalidate = 30;
export const dynamicParams = true;
export function generateStaticParams(): Array<{ edition: string }> {
  return [];
}

export default async function HomePage({ params }: { params: Promise<{ edition: string }> }) {
  // The one edition there is: `/` without a query is rewritten to /home/all (next.config.ts).
  if ((await params).edition !== 'all') notFound();
  return <BrowsePage query={parseBrowseQuery({})} viewer={PUBLIC_VIEWER} />;
}
