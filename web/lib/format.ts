/** Formatting shared by server and client components: no I/O here, so it is safe in either bundle. */

/** Making an Intl formatter costs far more than using one; a page of cards asks for the same few again and again. */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function formatter<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let made = formatters.get(key) as T | undefined;
  if (!made) formatters.set(key, (made = make()));
  return made;
}

export function formatPrice(amount: number, currency: string, locale: string): string {
  const code = currency.toUpperCase();
  return formatter(`n|${locale}|${code}`, () => new Intl.NumberFormat(locale, { style: 'currency', currency: code })).format(amount);
}

export function formatDateTime(iso: string, locale: string, timeZone: string): string {
  const format = formatter(`d|${locale}|${timeZone}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }));
  const text = format.format(new Date(iso));
  // Until the browser has told us its zone, say which one the time is in (dateStyle forbids timeZoneName).
  return timeZone === 'UTC' ? `${text} UTC` : text;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Minutes and seconds, e.g. 14:05; hours appear only when needed. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(hours ? 2 : 1, '0');
  const ss = String(s % 60).padStart(2, '0');
  return hours ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
}
