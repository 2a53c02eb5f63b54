import { cookies, headers } from 'next/headers';
import { isTimeZone } from './format';

/** Set by the browser (components/ui/local-time.tsx) so the server renders dates in the viewer's own zone. */
export const TIME_ZONE_COOKIE = 'tz';

export interface Viewer {
  locale: string;
  timeZone: string;
}

/**
 * How a cached public page formats prices and dates: it is rendered once for everyone, so in no one's zone. The
 * browser re-renders each date in its own zone (components/ui/local-time.tsx).
 */
export const PUBLIC_VIEWER: Viewer = { locale: 'en-US', timeZone: 'UTC' };

/** The viewer's locale from Accept-Language and time zone from the tz cookie; en-US and UTC until we know better. */
export async function getViewer(): Promise<Viewer> {
  const header = (await headers()).get('accept-language') ?? '';
  const tags = header
    .split(',')
    .map((part) => part.split(';')[0]!.trim())
    .filter(Boolean);
  let locale = 'en-US';
  for (const tag of tags) {
    try {
      const [supported] = Intl.NumberFormat.supportedLocalesOf(tag);
      if (supported) {
        locale = supported;
        break;
      }
    } catch {
      // a malformed tag is skipped, never an error page
    }
  }
  const zone = (await cookies()).get(TIME_ZONE_COOKIE)?.value;
  return { locale, timeZone: zone && isTimeZone(zone) ? zone : 'UTC' };
}
