'use client';

import { useEffect } from 'react';
import { formatDateTime } from '@/lib/format';
import { useHydrated } from './use-hydrated';

const COOKIE = 'tz';

function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * A date as the server formatted it (in the zone it knew of), re-rendered in the browser's own zone when that differs.
 * The browser's zone is kept in a cookie so the next page arrives right from the server, without the swap.
 */
export function LocalTime({ iso, text, zone, locale }: { iso: string; text: string; zone: string; locale: string }) {
  const hydrated = useHydrated();
  const local = hydrated ? browserZone() : zone;
  useEffect(() => {
    const current = browserZone();
    if (!document.cookie.split('; ').includes(`${COOKIE}=${encodeURIComponent(current)}`)) {
      document.cookie = `${COOKIE}=${encodeURIComponent(current)}; path=/; max-age=31536000; samesite=lax`;
    }
  }, []);
  return <time dateTime={iso}>{local === zone ? text : formatDateTime(iso, locale, local)}</time>;
}
