import { TAGS } from './tags';
import { tagsForEvent } from './ticket-events';

const ticket = {
  id: 't1',
  version: 2,
  title: 'Encore',
  price: 2550,
  currency: 'gbp',
  sellerId: 'u1',
  eventDate: '2030-01-01T20:00:00.000Z',
  status: 'reserved',
};
const envelope = (type: string, data: unknown) => ({
  specversion: '1.0',
  id: 'e1',
  source: 'tickets',
  type,
  time: '2030-01-01T00:00:00.000Z',
  datacontenttype: 'application/json',
  data,
});

describe('which cached reads a ticket event makes stale', () => {
  test('a changed ticket: its page and the listings; a new one: the listings (and its page, had anyone asked)', () => {
    expect(tagsForEvent(envelope('ticket.updated', { ...ticket, orderId: 'o1' }))).toEqual({ ok: true, tags: [TAGS.listings, 'ticket:t1'] });
    expect(tagsForEvent(envelope('ticket.created', { ...ticket, status: 'available' }))).toEqual({ ok: true, tags: [TAGS.listings, 'ticket:t1'] });
  });

  test('other subjects change nothing the shop caches', () => {
    expect(tagsForEvent(envelope('order.created', { id: 'o1' }))).toEqual({ ok: true, tags: [] });
  });

  test('a body that is not an envelope, or a ticket event without a ticket, is refused', () => {
    expect(tagsForEvent({ type: 'ticket.updated' })).toEqual({ ok: false, message: 'Body must be a CloudEvents envelope' });
    expect(tagsForEvent(envelope('ticket.updated', { id: 't1' }))).toEqual({ ok: false, message: 'Invalid ticket.updated data' });
  });
});
