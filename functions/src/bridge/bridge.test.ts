import type { HttpFunction } from '@google-cloud/functions-framework';
import { deadLetterSubject, natsSubject, STREAM_NAME, type EventEnvelope } from '@tickethub/shared';
import { createFunction } from '../functions';
import { waitFor } from '@tickethub/dev/stack/ports';
import { TICKET_REPLICA } from '../orders/replica';
import type { Platform } from '../platform/platform';
import { api, signUp, type SignedInUser } from '@tickethub/dev/testing/client';
import { createTicket, envelope } from '@tickethub/dev/testing/fixtures';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';

/** Makes the orders function answer 500 to chosen events before (maybe) handling them for real. */
const failures = new Map<string, number>();
let deliveries: string[] = [];
function flakyOrders(platform: Platform): HttpFunction {
  const real = createFunction(platform);
  return (req, res) => {
    const id = (req.body as { id?: string } | undefined)?.id;
    if (req.path === '/events' && id) {
      deliveries.push(id);
      const left = failures.get(id) ?? 0;
      if (left !== 0) {
        failures.set(id, left - 1);
        res.status(500).json({ errors: [{ message: 'induced failure' }] });
        return;
      }
    }
    return real(req, res);
  };
}

let stack: TestStack;
let seller: SignedInUser;
beforeAll(async () => {
  stack = await startTestStack({ domains: ['auth', 'tickets', 'orders'], bridge: true, handlers: { orders: flakyOrders } });
  seller = await signUp(stack.origin);
});
afterAll(() => stack.close());

const replica = async (ticketId: string) => (await stack.platform('orders').db.collection(TICKET_REPLICA).doc(ticketId).get()).data();
const processedCount = async (eventId: string) => ((await stack.platform('orders').db.collection('orders_processed_events').doc(eventId).get()).exists ? 1 : 0);

async function publish(event: EventEnvelope<unknown>, msgID = event.id) {
  const js = await stack.platform('tickets').nats.jetstream();
  await js.publish(natsSubject(event.type), JSON.stringify(event), { msgID });
}

function ticketEvent(type: 'ticket.created' | 'ticket.updated', id: string, version: number, overrides: Record<string, unknown> = {}) {
  return envelope(
    type,
    {
      id,
      version,
      title: `v${version}`,
      price: 1000 + version,
      currency: 'usd',
      sellerId: seller.id,
      eventDate: new Date(Date.now() + 86_400_000).toISOString(),
      status: 'available',
      ...(type === 'ticket.updated' ? { orderId: null } : {}),
      ...overrides,
    },
    'tickethub/tickets',
  );
}

describe('bridge › delivery', () => {
  it('delivers a ticket created over HTTP into the orders replica', async () => {
    const ticket = await createTicket(stack, seller, { price: 42.5 });
    const copy = await waitFor(() => replica(ticket.id), { what: 'the replica' });
    expect(copy).toMatchObject({ id: ticket.id, version: 0, price: 4250, currency: 'usd', sellerId: seller.id, status: 'available', orderId: null });
  });

  it('changes nothing when the same event is delivered again', async () => {
    const event = ticketEvent('ticket.created', 'dup-ticket', 0);
    await publish(event);
    await waitFor(() => replica('dup-ticket'), { what: 'the first delivery' });
    // The same event id under another Nats-Msg-Id slips past JetStream's dedupe: the handler's record must catch it.
    deliveries = [];
    await publish({ ...event, data: { ...(event.data as object), title: 'changed' } }, `${event.id}-again`);
    await waitFor(async () => deliveries.includes(event.id), { what: 'the redelivery' });
    expect(await replica('dup-ticket')).toMatchObject({ title: 'v0', version: 0 });
  });

  it('applies ticket.updated v2 that arrives before v1 only after v1', async () => {
    await publish(ticketEvent('ticket.created', 'ordered-ticket', 0));
    await waitFor(() => replica('ordered-ticket'), { what: 'v0' });
    const v2 = ticketEvent('ticket.updated', 'ordered-ticket', 2);
    deliveries = [];
    await publish(v2);
    await waitFor(async () => deliveries.filter((id) => id === v2.id).length >= 2, { what: 'v2 to be refused and retried' });
    expect((await replica('ordered-ticket'))?.version).toBe(0);
    await publish(ticketEvent('ticket.updated', 'ordered-ticket', 1));
    await waitFor(async () => (await replica('ordered-ticket'))?.version === 2, { what: 'v2 after v1' });
    expect((await replica('ordered-ticket'))?.title).toBe('v2');
  });

  it('leaves exactly one effect when the handler fails 3 times and then succeeds', async () => {
    const event = ticketEvent('ticket.created', 'flaky-ticket', 0);
    failures.set(event.id, 3);
    deliveries = [];
    await publish(event);
    await waitFor(async () => (await replica('flaky-ticket')) !== undefined, { what: 'the fourth delivery' });
    expect(deliveries.filter((id) => id === event.id)).toHaveLength(4);
    expect(await processedCount(event.id)).toBe(1);
    expect(await replica('flaky-ticket')).toMatchObject({ version: 0 });
  });

  it('moves an event whose handler always fails to tickethub.dlq.orders after the maximum deliveries', async () => {
    const event = ticketEvent('ticket.created', 'doomed-ticket', 0);
    failures.set(event.id, -1);
    await publish(event);
    const jsm = await stack.platform('tickets').nats.manager();
    const dead = await waitFor(() => jsm.streams.getMessage(STREAM_NAME, { last_by_subj: deadLetterSubject('orders') }).catch(() => null), {
      what: 'the dead letter',
    });
    expect(dead.json<{ id: string }>().id).toBe(event.id);
    expect(dead.header?.get('TicketHub-Reason')).toBe('HTTP 500');
    expect(deliveries.filter((id) => id === event.id)).toHaveLength(5);
    expect(await replica('doomed-ticket')).toBeUndefined();
  });

  it('dead-letters at once an event the function refuses with 4xx', async () => {
    const bad = envelope('ticket.created', { id: 'malformed' }, 'tests');
    await publish(bad);
    const jsm = await stack.platform('tickets').nats.manager();
    await waitFor(
      async () => {
        const dead = await jsm.streams.getMessage(STREAM_NAME, { last_by_subj: deadLetterSubject('orders') }).catch(() => null);
        return dead?.json<{ id: string }>().id === bad.id;
      },
      { what: 'the refused event in the DLQ' },
    );
    expect(deliveries.filter((id) => id === bad.id).length).toBeLessThanOrEqual(1);
  });

  it('loses no event when NATS is killed and restarted mid-stream', async () => {
    const before = await Promise.all(Array.from({ length: 5 }, () => createTicket(stack, seller)));
    await stack.nats.stop();
    const during = await Promise.all(Array.from({ length: 5 }, () => createTicket(stack, seller)));
    await stack.nats.restart();
    const after = await Promise.all(Array.from({ length: 5 }, () => createTicket(stack, seller)));
    const all = [...before, ...during, ...after];
    await waitFor(async () => (await Promise.all(all.map((t) => replica(t.id)))).every(Boolean), { what: 'every ticket in the replica', timeoutMs: 45_000 });
    for (const ticket of all) expect((await replica(ticket.id))?.version).toBe(0);
  });

  it('answers 401 to an /events call without the internal credential', async () => {
    const response = await api(stack.functions.orders!.url, 'POST', '/events', { body: ticketEvent('ticket.created', 'forged', 0) });
    expect(response.status).toBe(401);
    expect(await replica('forged')).toBeUndefined();
  });
});
