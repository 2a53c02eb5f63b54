import type { HttpFunction } from '@google-cloud/functions-framework';
import { natsSubject, type EventEnvelope } from '@tickethub/shared';
import { runDlq } from '@tickethub/dev/ops/dlq';
import { createFunction } from '../functions';
import { TICKET_REPLICA } from '../orders/replica';
import { createDeadLetters, deadLetterId } from '../platform/dead-letters';
import type { Platform } from '../platform/platform';
import { EVENT_SUBJECT_HEADER } from '../platform/event-origin';
import { INTERNAL_SECRET_HEADER } from '../platform/internal-auth';
import { api, signUp, uniqueEmail, type SignedInUser } from '@tickethub/dev/testing/client';
import { createTicket, envelope } from '@tickethub/dev/testing/fixtures';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { EVENTUALLY_MS, waitFor } from '@tickethub/dev/testing/eventually';

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
let admin: SignedInUser;
const adminEmail = uniqueEmail('admin');
beforeAll(async () => {
  stack = await startTestStack({ domains: ['auth', 'tickets', 'orders'], bridge: true, handlers: { orders: flakyOrders }, env: { ADMIN_EMAILS: adminEmail } });
  [seller, admin] = await Promise.all([signUp(stack.origin), signUp(stack.origin, adminEmail)]);
});
afterAll(() => stack.close());

const replica = async (ticketId: string) => (await stack.platform('orders').db.collection(TICKET_REPLICA).doc(ticketId).get()).data();
const deadLetterCount = () => createDeadLetters(stack.platform('orders').db).count();
const dlqEnv = () => ({ ...process.env, GOOGLE_CLOUD_PROJECT: stack.projectId, NATS_URL: stack.nats.url });
const processedCount = async (eventId: string) => ((await stack.platform('orders').db.collection('orders_processed_events').doc(eventId).get()).exists ? 1 : 0);

async function publish(event: EventEnvelope<unknown>, msgID = event.id) {
  const js = await stack.platform('tickets').nats.jetstream();
  await js.publish(natsSubject(event.type), JSON.stringify(event), { msgID });
}

function ticketEvent(type: 'ticket.created' | 'ticket.updated', id: string, version: number, overrides: Record<string, unknown> = {}) {
  return envelope(type, {
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
  });
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

  it('holds ticket.updated v2 that arrives before v1 past the retry budget without dead-lettering it, and applies it after v1', async () => {
    await publish(ticketEvent('ticket.created', 'ordered-ticket', 0));
    await waitFor(() => replica('ordered-ticket'), { what: 'v0' });
    const v2 = ticketEvent('ticket.updated', 'ordered-ticket', 2);
    deliveries = [];
    await publish(v2);
    // Offered again and again (more often than the budget's minimum deliveries, for longer than its 3 s): it waits.
    await waitFor(async () => deliveries.filter((id) => id === v2.id).length >= 12, { what: 'v2 to be offered again many times', timeoutMs: EVENTUALLY_MS });
    expect((await replica('ordered-ticket'))?.version).toBe(0);
    expect(await deadLetterCount()).toBe(0);
    await publish(ticketEvent('ticket.updated', 'ordered-ticket', 1));
    await waitFor(async () => (await replica('ordered-ticket'))?.version === 2, { what: 'v2 after v1' });
    expect((await replica('ordered-ticket'))?.title).toBe('v2');
  });

  it('heals a replica whose predecessor version never comes: the later full-state event applies once it waited long enough', async () => {
    await publish(ticketEvent('ticket.created', 'gap-ticket', 0));
    await waitFor(() => replica('gap-ticket'), { what: 'v0' });
    // v1 was lost for good (say, dropped from the dead letters); v2 was emitted two minutes ago.
    const v2 = ticketEvent('ticket.updated', 'gap-ticket', 2, { status: 'withdrawn' });
    await publish({ ...v2, time: new Date(Date.now() - 120_000).toISOString() });
    await waitFor(async () => (await replica('gap-ticket'))?.version === 2, { what: 'the replica to catch up to v2' });
    expect(await replica('gap-ticket')).toMatchObject({ status: 'withdrawn', title: 'v2' });
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

  it('records an event that fails past its retry budget as a dead letter: health, the admin API and npm run dlq show it, and a replay applies it once', async () => {
    const event = ticketEvent('ticket.created', 'doomed-ticket', 0);
    failures.set(event.id, -1);
    deliveries = [];
    await publish(event);
    const id = deadLetterId('orders', event.id);
    const letter = await waitFor(() => createDeadLetters(stack.platform('orders').db).get(id), { what: 'the dead letter', timeoutMs: EVENTUALLY_MS });
    expect(letter).toMatchObject({ domain: 'orders', subject: 'ticket.created', eventId: event.id, reason: expect.stringContaining('HTTP 500') });
    expect(letter.attempts).toBeGreaterThanOrEqual(5);
    expect(await replica('doomed-ticket')).toBeUndefined();

    const health = await api(stack.origin, 'GET', '/api/health');
    expect(health.body.deadLetters).toBeGreaterThanOrEqual(1);
    const listed = await api(stack.origin, 'GET', '/api/admin/dead-letters', { token: admin.token });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((item: { id: string }) => item.id)).toContain(id);
    expect((await api(stack.origin, 'GET', '/api/admin/dead-letters', { token: seller.token })).status).toBe(403);
    const output: string[] = [];
    expect(await runDlq(['list'], dlqEnv(), (text) => output.push(text))).toBe(0);
    expect(output.join('\n')).toContain(id);
    expect(await runDlq(['show', id], dlqEnv(), (text) => output.push(text))).toBe(0);
    expect(output.at(-1)).toContain(event.id);

    // The function is fixed; the operator replays twice (a double click): the effect lands once.
    failures.delete(event.id);
    const replay = await api(stack.origin, 'POST', `/api/admin/dead-letters/${id}/replay`, { token: admin.token });
    expect(replay.status).toBe(202);
    // Only auth's NATS user may publish replays (publishers.json), as in the cloud.
    await createDeadLetters(stack.platform('auth').db).replay(stack.platform('auth').nats, { ...letter, replays: 7 });
    await waitFor(async () => (await createDeadLetters(stack.platform('orders').db).get(id)) === null, { what: 'the dead letter to clear' });
    expect(await replica('doomed-ticket')).toMatchObject({ version: 0, title: 'v0' });
    expect(await processedCount(event.id)).toBe(1);
  });

  it('answers 404 to a replay or drop of an id that is no dead letter’s, whatever its shape', async () => {
    for (const id of ['orders--no-such-event', '__x__', 'orders--a%2Fb', 'orders--.', 'x'.repeat(450)]) {
      for (const [method, path] of [
        ['POST', `/api/admin/dead-letters/${id}/replay`],
        ['DELETE', `/api/admin/dead-letters/${id}`],
      ] as const) {
        const answer = await api(stack.origin, method, path, { token: admin.token });
        expect([id, method, answer.status, answer.body?.errors?.[0]?.code]).toEqual([id, method, 404, 'EVENTS.DEAD_LETTER_NOT_FOUND']);
      }
    }
  });

  it('dead-letters at once an event the handler itself declares invalid (EVENTS.INVALID), and nothing else early', async () => {
    const bad = envelope('ticket.created', { id: 'malformed' });
    deliveries = [];
    await publish(bad);
    const letter = await waitFor(() => createDeadLetters(stack.platform('orders').db).get(deadLetterId('orders', bad.id)), {
      what: 'the refused event in the DLQ',
    });
    expect(letter.reason).toContain('EVENTS.INVALID');
    expect(deliveries.filter((id) => id === bad.id)).toHaveLength(1);
    expect(await runDlq(['drop', letter.id], dlqEnv(), () => undefined)).toBe(0);
    expect(await createDeadLetters(stack.platform('orders').db).get(letter.id)).toBeNull();
  });

  it('completes nothing with an envelope whose type is not the subject it came on: a dead letter, the order unpaid', async () => {
    const buyer = await signUp(stack.origin);
    const ticket = await createTicket(stack, seller);
    await waitFor(() => replica(ticket.id), { what: 'the ticket in the orders replica' });
    const order = await api(stack.origin, 'POST', '/api/orders', { token: buyer.token, body: { ticketId: ticket.id } });
    expect(order.status).toBe(201);
    // A compromised tickets function may publish only ticket.* (NATS enforces it), so it hides a payment inside one,
    // claiming to be payments as well.
    const forged = envelope('payment.created', { id: 'pay-forged', orderId: order.body.id, paymentIntentId: 'pi_forged', amount: 1999, currency: 'usd' });
    const js = await stack.platform('tickets').nats.jetstream();
    await js.publish(natsSubject('ticket.updated'), JSON.stringify(forged), { msgID: forged.id });
    const letter = await waitFor(() => createDeadLetters(stack.platform('orders').db).get(deadLetterId('orders', forged.id)), {
      what: 'the forged event in the DLQ',
    });
    expect(letter.reason).toContain('EVENTS.INVALID');
    expect(letter.reason).toContain('cannot arrive on ticket.updated');
    expect(await processedCount(forged.id)).toBe(0);
    expect((await api(stack.origin, 'GET', `/api/orders/${order.body.id}`, { token: buyer.token })).body.status).toBe('created');
  });

  it('refuses an event from a source that does not publish its subject, even delivered on that subject', async () => {
    const response = await api(stack.functions.orders!.url, 'POST', '/events', {
      body: envelope(
        'ticket.created',
        { id: 'spoofed', version: 0, title: 't', price: 1, currency: 'usd', sellerId: 's', eventDate: new Date().toISOString(), status: 'available' },
        'payments',
      ),
      headers: { [INTERNAL_SECRET_HEADER]: stack.config.INTERNAL_SECRET, [EVENT_SUBJECT_HEADER]: 'ticket.created' },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ code: 'EVENTS.INVALID', field: 'source' });
    expect(await replica('spoofed')).toBeUndefined();
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
