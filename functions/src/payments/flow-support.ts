/** The buyer's journey over HTTP against the whole stack (auth, tickets, orders, payments, bridge, Stripe stand-in). */
import { api, type SignedInUser } from '@tickethub/dev/testing/client';
import { listedTicket, publishedEvents } from '@tickethub/dev/testing/fixtures';
import type { TestStack } from '@tickethub/dev/testing/stack';
import { EVENTUALLY_MS, waitFor } from '@tickethub/dev/testing/eventually';
import { pay } from './test-support';

export async function reserve(stack: TestStack, seller: SignedInUser, buyer: SignedInUser, price = 19.99) {
  const ticket = await listedTicket(stack, seller, { price });
  const response = await api(stack.origin, 'POST', '/api/orders', { token: buyer.token, body: { ticketId: ticket.id } });
  if (response.status !== 201) throw new Error(`reserve failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { ticket, order: response.body };
}

/** POST /api/payments as a client would: a 404 only means order.created has not reached payments yet, so retry. */
export async function startPayment(stack: TestStack, buyer: SignedInUser, orderId: string) {
  return waitFor(
    async () => {
      const response = await pay(stack, buyer, orderId);
      if (response.status === 404) return null;
      if (response.status !== 201) throw new Error(`POST /api/payments: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    },
    { what: `payments to accept order ${orderId}`, timeoutMs: EVENTUALLY_MS },
  );
}

export async function orderOf(stack: TestStack, buyer: SignedInUser, orderId: string) {
  return (await api(stack.origin, 'GET', `/api/orders/${orderId}`, { token: buyer.token })).body;
}

export async function ticketOf(stack: TestStack, seller: SignedInUser, ticketId: string) {
  return (await api(stack.origin, 'GET', `/api/tickets/${ticketId}`, { token: seller.token })).body;
}

export function waitForOrder(stack: TestStack, buyer: SignedInUser, orderId: string, status: string) {
  return waitFor(async () => (await orderOf(stack, buyer, orderId)).status === status, { what: `order ${orderId} to be ${status}`, timeoutMs: EVENTUALLY_MS });
}

export function waitForTicket(stack: TestStack, seller: SignedInUser, ticketId: string, status: string) {
  return waitFor(async () => (await ticketOf(stack, seller, ticketId)).status === status, {
    what: `ticket ${ticketId} to be ${status}`,
    timeoutMs: EVENTUALLY_MS,
  });
}

/** The events of one order on a subject, as published to the stream. */
export async function eventsFor(
  stack: TestStack,
  domain: 'orders' | 'payments',
  subject: 'order.completed' | 'order.cancelled' | 'payment.created' | 'payment.refunded',
  orderId: string,
) {
  const events = await publishedEvents(stack.platform(domain), subject);
  return events.filter((event) => (event.data.orderId ?? event.data.id) === orderId);
}
