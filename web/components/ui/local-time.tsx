'use client';

import { useEffect } from 'react';
import { browserZone } from '@/lib/browser-zone';
import { formatDateTime } from '@/lib/format';
import { useHydrated } from './use-hydrated';

const COOKIE = 'tz';

let cookieChecked = false;

/**
 * Whether the browser would show this instant differently from the server's zone. A page formatted in UTC (every
 * cached public page) shown by a browser whose clock is at UTC at that instant needs no Intl at all:
 * getTimezoneOffset is a plain clock read.
 */
function shownDifferently(iso: string, zone: string): boolean {
  if (zone === 'UTC') return new Date(iso).getTimezoneOffset() !== 0;
  return browserZone() !== zone;
}

/** Keep the browser's zone in a cookie so the next per-visitor page arrives right from the server. */
function rememberZone(): void {
  if (cookieChecked) return;
  cookieChecked = true;
  const cookies = document.cookie.split('; ');
  // A browser on UTC now, with no zone remembered, is served right already: no cookie, and no Intl on the way.
  if (new Date().getTimezoneOffset() === 0 && !cookies.some((cookie) => cookie.startsWith(`${COOKIE}=`))) return;
  const current = browserZone();
  if (!cookies.includes(`${COOKIE}=${encodeURIComponent(current)}`)) {
    document.cookie = `${COOKIE}=${encodeURIComponent(current)}; path=/; max-age=31536000; samesite=lax`;
  }
}

/**
 * A date as the server formatted it (in the zone it knew of), re-rendered in the browser's own zone when that shows it
 * differently.
 */
export function LocalTime({ iso, text, zone, locale }: { iso: string; text: string; zone: string; locale: string }) {
  const hydrated = useHydrated();
  useEffect(rememberZone, []);
  return <time dateTime={iso}>{hydrated && shownDifferently(iso, zone) ? formatDateTime(iso, locale, browserZone()) : text}</time>;
}
