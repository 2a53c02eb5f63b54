/**
 * The shop's data-cache tags, one constant like vercel/commerce's TAGS: the public reads are cached under these and
 * revalidated when a ticket event says they changed (app/hooks/revalidate), or by the action that changed them.
 */
export const TAGS = {
  /** Every listing read (the home page, searches): any created or changed ticket may enter, leave or move in them. */
  listings: 'listings',
  ticket: (id: string) => `ticket:${id}`,
} as const;

/**
 * The safety net behind the events: a missed or late event leaves a public page stale for at most this long. Short
 * enough that nobody notices, long enough that a crowd is served from the cache (seconds; pages export the same).
 */
export const PUBLIC_REVALIDATE_SECONDS = 30;
