import { randomUUID } from 'node:crypto';
import { natsSubject, publisherOf, STREAM_NAME, type Domain, type EventEnvelope, type Subject } from '@tickethub/shared';
import { EVENT_SUBJECT_HEADER } from '@tickethub/functions/src/platform/event-origin';
import { INTERNAL_SECRET_HEADER } from '@tickethub/functions/src/platform/internal-auth';
import { makeEnvelope } from '@tickethub/functions/src/platform/outbox';
import type { Platform } from '@tickethub/functions/src/platform/platform';
import { BUYERS, ORDERS } from '@tickethub/functions/src/orders/store';
import { TICKET_REPLICA } from '@tickethub/functions/src/orders/replica';
import { LISTINGS } from '@tickethub/functions/src/tickets/store';
import { waitFor } from './eventually';
import { api, type SignedInUser } from './client';
import type { TestStack } from './stack';

const DAY = 86_400_000;

export function ticketBody(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Arctic Monkeys live',
    description: 'Standing, general admission',
    category: 'concert',
    venue: 'Wembley Arena',
    city: 'London',
    eventDate: new Date(Date.now() + 30 * DAY).toISOString(),
    price: 19.99,
    ...overrides,
  };
}

export async function createTicket(stack: TestStack, seller: SignedInUser, overrides: Record<string, unknown> = {}) {
  const response = await api(stack.origin, 'POST', '/api/tickets', { token: seller.token, body: ticketBody(overrides) });
  if (response.status !== 201) throw new Error(`create ticket failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Every message on a subject, read back from the stream (envelopes as published). */
export async function publishedEvents(platform: Platform, subject: Subject): Promise<EventEnvelope<any>[]> {
  const jsm = await platform.nats.manager();
  const info = await jsm.streams.info(STREAM_NAME);
  const events: EventEnvelope<any>[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const message = await jsm.streams.getMessage(STREAM_NAME, { seq }).catch(() => null);
    if (message?.subject === natsSubject(subject)) events.push(message.json());
  }
  return events;
}

/** POSTs an event to a function's /events as the bridge would. */
export async function deliverEvent(
  stack: TestStack,
  domain: 'tickets' | 'orders' | 'payments' | 'expiration' | 'payouts' | 'notifications',
  envelope: EventEnvelope<unknown>,
) {
  const fn = stack.functions[domain];
  if (!fn) throw new Error(`${domain} is not running`);
  // Delivered on the subject its type names, as the bridge does with a message published on it.
  const headers = { [INTERNAL_SECRET_HEADER]: stack.config.INTERNAL_SECRET, [EVENT_SUBJECT_HEADER]: envelope.type };
  return api(fn.url, 'POST', '/events', { body: envelope, headers });
}

/** An envelope as the subject's publisher writes it (receivers refuse one from any other source). */
export function envelope<S extends Subject>(subject: S, data: unknown, publisher: Domain = publisherOf(subject)): EventEnvelope<unknown> {
  return makeEnvelope(publisher, subject, data);
}

export function orderId(): string {
  return `order-${randomUUID().slice(0, 8)}`;
}

/** Creates a ticket over HTTP and waits until the orders replica has it, as a buyer would see it after a moment. */
export async function listedTicket(stack: TestStack, seller: SignedInUser, overrides: Record<string, unknown> = {}) {
  const ticket = await createTicket(stack, seller, overrides);
  const replica = stack.platform('orders').db.collection('orders_tickets').doc(ticket.id);
  await waitFor(async () => (await replica.get()).exists, { what: `ticket ${ticket.id} in the orders replica` });
  return ticket;
}

/**
 * Lets time pass for chosen orders: every copy of their expiry (the order, orders' hold, the buyer's list,
 * tickets' reservedUntil) moves into the past, as if the clock had run on.
 */
export async function expireOrders(stack: TestStack, orderIds: string[]) {
  const db = stack.platform('orders').db;
  const past = new Date(Date.now() - 1000);
  for (const id of orderIds) {
    const order = (await db.collection(ORDERS).doc(id).get()).data()!;
    await db.collection(ORDERS).doc(id).update({ expiresAt: past });
    await db.collection(TICKET_REPLICA).doc(order.ticket.id).update({ 'hold.expiresAt': past });
    const listing = stack.platform('tickets').db.collection(LISTINGS).doc(order.ticket.id);
    if ((await listing.get()).data()?.orderId === id) await listing.update({ reservedUntil: past });
    const buyer = db.collection(BUYERS).doc(order.userId);
    const open = ((await buyer.get()).data()?.open ?? []) as Array<{ orderId: string; expiresAt: Date }>;
    await buyer.set({ open: open.map((hold) => (hold.orderId === id ? { ...hold, expiresAt: past } : hold)) });
  }
}
