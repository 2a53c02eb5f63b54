import { orderListSchema, orderSchema, orderTicketSchema, type Order, type OrderList, type OrderTicket } from '@tickethub/shared';
import { apiOrigin } from '../config';
import { apiRequest } from './client';
import { isApiError } from './errors';

export async function reserveTicket(ticketId: string): Promise<Order> {
  const { data } = await apiRequest('/api/orders', { method: 'POST', body: { ticketId }, schema: orderSchema });
  return data;
}

export async function listMyOrders(cursor?: string): Promise<OrderList> {
  const { data } = await apiRequest('/api/orders', { query: { limit: 50, cursor }, schema: orderListSchema });
  return data;
}

/** Admins only. */
export async function listAllOrders(cursor?: string): Promise<OrderList> {
  const { data } = await apiRequest('/api/orders', { query: { all: true, limit: 50, cursor }, schema: orderListSchema });
  return data;
}

/** Null for an unknown order or someone else's (the API answers 404 for both). */
export async function getOrder(id: string): Promise<Order | null> {
  try {
    const { data } = await apiRequest(`/api/orders/${encodeURIComponent(id)}`, { schema: orderSchema });
    return data;
  } catch (error) {
    if (isApiError(error, 404)) return null;
    throw error;
  }
}

export async function cancelOrder(id: string): Promise<void> {
  await apiRequest(`/api/orders/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** The buyer's ticket of a complete order; null before payment (409) or for someone else's order (404). */
export async function getOrderTicket(id: string): Promise<OrderTicket | null> {
  try {
    const { data } = await apiRequest(`/api/orders/${encodeURIComponent(id)}/ticket`, { schema: orderTicketSchema });
    // A local file URL names the API origin the server called; the browser reaches the same path on its own origin.
    const origin = apiOrigin().replace(/\/+$/, '');
    return { ...data, fileUrl: data.fileUrl?.startsWith(origin) ? data.fileUrl.slice(origin.length) : data.fileUrl };
  } catch (error) {
    if (isApiError(error, 404) || isApiError(error, 409)) return null;
    throw error;
  }
}

/** Admins only: refunds a complete order in full; the seller's payout is cancelled or reversed. */
export async function refundOrder(id: string): Promise<Order> {
  const { data } = await apiRequest(`/api/orders/${encodeURIComponent(id)}/refund`, { method: 'POST', schema: orderSchema });
  return data;
}
