import { formatDateTime } from '@/lib/format';
import type { Viewer } from '@/lib/viewer';
import { LocalTime } from './local-time';

/** Server half of LocalTime: formats for the viewer as far as the server knows them. */
export function EventDate({ iso, viewer }: { iso: string; viewer: Viewer }) {
  return <LocalTime iso={iso} text={formatDateTime(iso, viewer.locale, viewer.timeZone)} zone={viewer.timeZone} locale={viewer.locale} />;
}
