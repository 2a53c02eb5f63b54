'use server';

import { updateTag } from 'next/cache';
import { redirect } from 'next/navigation';
import type { CreateTicketBody, UpdateTicketBody } from '@tickethub/shared';
import { isApiError } from '@/lib/api/errors';
import { reserveTicket } from '@/lib/api/orders';
import { createTicket, updateTicket, uploadTicketFile, withdrawTicket } from '@/lib/api/tickets';
import { TAGS } from '@/lib/cache/tags';
import { getViewer } from '@/lib/viewer';
import { wallTimeToIso } from '@/lib/zoned-time';
import type { FormState } from '@/components/ui/form-state';

const FIELDS = ['title', 'description', 'category', 'venue', 'city', 'eventDate', 'price', 'currency', 'barcode', 'file'] as const;
export type TicketFormState = FormState<(typeof FIELDS)[number]>;

/** The form as typed; the API validates it and its messages go back to the fields. */
async function readTicketForm(formData: FormData) {
  const text = (name: string) => String(formData.get(name) ?? '');
  // Sent before the page's script ran, the form has only the wall-clock time: read it in the zone the browser reported.
  const eventDate = text('eventDate') || wallTimeToIso(text('eventDateLocal'), (await getViewer()).timeZone);
  const rawPrice = text('price').trim();
  const numeric = Number(rawPrice);
  return {
    body: {
      title: text('title'),
      description: text('description'),
      category: text('category'),
      venue: text('venue'),
      city: text('city'),
      eventDate,
      // A non-number goes as typed, so the API's "Price must be a number" is what the seller reads.
      price: rawPrice === '' ? undefined : Number.isFinite(numeric) ? numeric : rawPrice,
      currency: text('currency') || undefined,
      // Write-only: left empty, an edit keeps the barcode the listing has.
      barcode: text('barcode').trim() || undefined,
    },
    file: readPdf(formData.get('ticketFile')),
    values: { ...Object.fromEntries(FIELDS.map((name) => [name, text(name)])), eventDate: eventDate ?? '' },
  };
}

/**
 * The actor sees their change at once, on this server (updateTag: expired, not served stale); the ticket event
 * revalidates the same tags on every server a moment later. Only what changed: a crowd's cached pages of other tickets
 * stay cached.
 */
function revalidateTicket(id?: string): void {
  updateTag(TAGS.listings);
  if (id) updateTag(TAGS.ticket(id));
}

/** The chosen ticket file, if any (an empty file input sends an empty File). */
function readPdf(value: FormDataEntryValue | null): File | null {
  return value instanceof File && value.size > 0 ? value : null;
}

async function uploadIfChosen(ticketId: string, file: File | null): Promise<void> {
  if (file) await uploadTicketFile(ticketId, new Uint8Array(await file.arrayBuffer()));
}

function toFormState(error: unknown, values: Record<string, string>): TicketFormState {
  if (!isApiError(error) || error.status >= 500) throw error;
  const { fields, general } = error.byField();
  const conflict = error.status === 409 ? 'This listing changed or is no longer editable: reload the page to see its current state.' : undefined;
  return { fields, message: general.join(' ') || conflict || (Object.keys(fields).length ? undefined : error.message), values };
}

export async function createTicketAction(_state: TicketFormState, formData: FormData): Promise<TicketFormState> {
  const { body, values, file } = await readTicketForm(formData);
  let id: string;
  try {
    id = (await createTicket(body as CreateTicketBody)).id;
  } catch (error) {
    return toFormState(error, values);
  }
  let fileRefused = false;
  try {
    await uploadIfChosen(id, file);
  } catch (error) {
    if (!isApiError(error) || error.status >= 500) throw error;
    fileRefused = true;
  }
  revalidateTicket(id);
  // The listing exists either way; a refused file is fixed on the edit page, not by listing twice.
  redirect(fileRefused ? `/tickets/${id}/edit?file=refused` : `/tickets/${id}`);
}

export async function updateTicketAction(ticketId: string, version: number, _state: TicketFormState, formData: FormData): Promise<TicketFormState> {
  const { body, values, file } = await readTicketForm(formData);
  try {
    await updateTicket(ticketId, body as UpdateTicketBody, version);
    await uploadIfChosen(ticketId, file);
  } catch (error) {
    return toFormState(error, values);
  }
  revalidateTicket(ticketId);
  redirect(`/tickets/${ticketId}`);
}

export async function withdrawTicketAction(ticketId: string, _state: FormState): Promise<FormState> {
  try {
    await withdrawTicket(ticketId);
  } catch (error) {
    if (!isApiError(error) || error.status >= 500) throw error;
    return { message: error.message };
  }
  revalidateTicket(ticketId);
  return { ok: true };
}

export async function reserveTicketAction(ticketId: string, _state: FormState): Promise<FormState> {
  let orderId: string;
  try {
    orderId = (await reserveTicket(ticketId)).id;
  } catch (error) {
    if (isApiError(error, 401)) redirect(`/signin?next=${encodeURIComponent(`/tickets/${ticketId}`)}`);
    if (!isApiError(error) || error.status >= 500) throw error;
    return { message: error.message };
  }
  revalidateTicket(ticketId);
  redirect(`/orders/${orderId}`);
}
