import { misdirectedEvent, sourceDomain } from './event-origin';

describe('platform › where an event may come from', () => {
  it.each([
    ['its own subject, from its publisher', 'payment.created', { type: 'payment.created', source: 'tickethub/payments' }, null],
    ['a replay of orders, from its publisher', 'replay.orders', { type: 'payment.created', source: 'tickethub/payments' }, null],
    ['a payment inside a ticket message', 'ticket.updated', { type: 'payment.created', source: 'tickethub/payments' }, 'type'],
    ['a payment claimed by tickets on the payment subject', 'payment.created', { type: 'payment.created', source: 'tickethub/tickets' }, 'source'],
    ['a replay whose source does not publish its type', 'replay.orders', { type: 'payment.created', source: 'tickethub/auth' }, 'source'],
    ['an unknown source', 'ticket.created', { type: 'ticket.created', source: 'tickethub/intruder' }, 'source'],
    ['no subject at all', undefined, { type: 'ticket.created', source: 'tickethub/tickets' }, 'x-tickethub-subject'],
  ])('%s', (_, subject, envelope, refusedField) => {
    expect(misdirectedEvent(subject, envelope)?.field ?? null).toBe(refusedField);
  });

  it('reads a domain only from the exact source form the outbox writes', () => {
    expect(sourceDomain('tickethub/orders')).toBe('orders');
    for (const source of ['orders', 'tickethub/orders/x', 'xtickethub/orders', 'tickethub/constructor']) expect(sourceDomain(source)).toBeNull();
  });
});
