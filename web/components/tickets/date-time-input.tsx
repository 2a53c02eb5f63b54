'use client';

import { useState } from 'react';
import { useHydrated } from '@/components/ui/use-hydrated';
import { browserZone } from '@/lib/browser-zone';

const pad = (n: number) => String(n).padStart(2, '0');

function toInputValue(date: Date, utc: boolean): string {
  const get = utc
    ? [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes()]
    : [date.getFullYear(), date.getMonth() + 1, date.getDate(), date.getHours(), date.getMinutes()];
  const [y, mo, d, h, mi] = get as [number, number, number, number, number];
  return `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}`;
}

/**
 * A datetime-local input is wall-clock time without a zone, and only the browser knows the seller's zone: the
 * visible input holds local time, a hidden `eventDate` carries the ISO instant the API wants.
 */
export function DateTimeInput({
  iso,
  ...props
}: {
  iso?: string;
  id: string;
  name: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
  required?: boolean;
}) {
  const hydrated = useHydrated();
  const [typed, setTyped] = useState<string | null>(null);
  const initial = iso && !Number.isNaN(Date.parse(iso)) ? toInputValue(new Date(iso), !hydrated) : '';
  const shown = typed ?? initial;
  const parsed = typed ? new Date(typed) : null;
  const instant = typed === null ? (iso ?? '') : parsed && !Number.isNaN(parsed.getTime()) ? parsed.toISOString() : '';
  return (
    <>
      <input {...props} name={`${props.name}Local`} type="datetime-local" value={shown} onChange={(event) => setTyped(event.target.value)} />
      <input type="hidden" name={props.name} value={instant} />
    </>
  );
}

export function TimeZoneHint() {
  const hydrated = useHydrated();
  return <>In your time zone{hydrated ? ` (${browserZone()})` : ''}.</>;
}
