import { cache } from 'react';
import {
  ticketListSchema,
  ticketSchema,
  type CreateTicketBody,
  type Ticket,
  type TicketList,
  type TicketSort,
  type TicketStatus,
  type UpdateTicketBody,
} from '@tickethub/shared';
import { PUBLIC_REVALIDATE_SECONDS, TAGS } from '../cache/tags';
import { apiRequest } from './client';
import { isApiError } from './errors';

export interface TicketSearch {
  q?: string;
  category?: string;
  city?: string;
  minPrice?: string;
  maxPrice?: string;
  from?: string;
  to?: string;
  sort?: TicketSort;
  cursor?: string;
  limit?: number;
}

/** The public listing (only available tickets, the same for everyone): cached, and revalidated by ticket events. */
export async function searchTickets(search: TicketSearch): Promise<TicketList> {
  const { data } = await apiRequest('/api/tickets', {
    query: { ...search },
    schema: ticketListSchema,
    publicCache: { tags: [TAGS.listings], revalidate: PUBLIC_REVALIDATE_SECONDS },
  });
  return data;
}

export async function listMyTickets(cursor?: string): Promise<TicketList> {
  const { data } = await apiRequest('/api/tickets', { query: { mine: true, sort: '-createdAt', limit: 50, cursor }, schema: ticketListSchema });
  return data;
}

/** Admins only: the API refuses a status filter to anyone else. */
export async function listTicketsByStatus(status: TicketStatus, cursor?: string): Promise<TicketList> {
  const { data } = await apiRequest('/api/tickets', { query: { status, sort: '-createdAt', limit: 50, cursor }, schema: ticketListSchema });
  return data;
}

/**
 * A ticket as anyone sees it (no session: a withdrawn one is a 404 for the public), cached under its own tag. Null for
 * an unknown or withdrawn ticket, so pages can answer 404. Once per request (metadata and page).
 */
export const getPublicTicket = cache(async (id: string): Promise<Ticket | null> => {
  try {
    const { data } = await apiRequest(`/api/tickets/${encodeURIComponent(id)}`, {
      schema: ticketSchema,
      publicCache: { tags: [TAGS.ticket(id)], revalidate: PUBLIC_REVALIDATE_SECONDS },
    });
    return data;
  } catch (error) {
    if (isApiError(error, 404)) return null;
    throw error;
  }
});

/** The ticket as the signed-in caller may see it (their own withdrawn listing, its barcode hint): never cached. */
export const getTicket = cache(async (id: string): Promise<Ticket | null> => {
  try {
    const { data } = await apiRequest(`/api/tickets/${encodeURIComponent(id)}`, { schema: ticketSchema });
    return data;
  } catch (error) {
    if (isApiError(error, 404)) return null;
    throw error;
  }
});

export async function createTicket(body: CreateTicketBody): Promise<Ticket> {
  const { data } = await apiRequest('/api/tickets', { method: 'POST', body, schema: ticketSchema });
  return data;
}

/** `version` guards against overwriting a change made since the form was opened (409 on mismatch). */
export async function updateTicket(id: string, body: UpdateTicketBody, version: number): Promise<Ticket> {
  const { data } = await apiRequest(`/api/tickets/${encodeURIComponent(id)}`, {
    method: 'PUT',
    body,
    headers: { 'if-match': String(version) },
    schema: ticketSchema,
  });
  return data;
}

export async function withdrawTicket(id: string): Promise<void> {
  await apiRequest(`/api/tickets/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** PUT /api/tickets/:id/file: the seller's ticket PDF (the API checks it is a real PDF of at most 2 MB). */
export async function uploadTicketFile(id: string, data: Uint8Array): Promise<void> {
  await apiRequest(`/api/tickets/${encodeURIComponent(id)}/file`, { method: 'PUT', raw: { data, contentType: 'application/pdf' } });
}
