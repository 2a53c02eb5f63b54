let zoneName: string | undefined;

/**
 * The browser's time zone name; call it only in the browser (after hydration or in an effect). Intl's first use
 * loads the locale data: on a throttled phone it was the ticket page's longest piece of script (~150 ms of
 * Lighthouse's blocking time), so it is asked once per page and only where a zone is needed.
 */
export function browserZone(): string {
  zoneName ??= Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  return zoneName;
}
