import { eventEnvelopeSchema, ticketCreatedSchema, ticketUpdatedSchema } from '@tickethub/shared';
import { TAGS } from './tags';

/** The ticket events the bridge delivers to the shop (functions/src/bridge/shop-target.ts subscribes to the same). */
export const SHOP_SUBJECTS = ['ticket.created', 'ticket.updated'] as const;

export type TagsVerdict = { ok: true; tags: string[] } | { ok: false; message: string };

/**
 * Which cached reads an event makes stale: a new listing changes the listings; a changed ticket (edited, reserved,
 * sold, withdrawn, back on sale) its own page and the listings it is in or leaves. Other subjects change nothing here.
 */
export function tagsForEvent(body: unknown): TagsVerdict {
  const envelope = eventEnvelopeSchema.safeParse(body);
  if (!envelope.success) return { ok: false, message: 'Body must be a CloudEvents envelope' };
  const { type, data } = envelope.data;
  if (type === 'ticket.created') {
    const ticket = ticketCreatedSchema.safeParse(data);
    return ticket.success ? { ok: true, tags: [TAGS.listings, TAGS.ticket(ticket.data.id)] } : { ok: false, message: 'Invalid ticket.created data' };
  }
  if (type === 'ticket.updated') {
    const ticket = ticketUpdatedSchema.safeParse(data);
    return ticket.success ? { ok: true, tags: [TAGS.listings, TAGS.ticket(ticket.data.id)] } : { ok: false, message: 'Invalid ticket.updated data' };
  }
  return { ok: true, tags: [] };
}
