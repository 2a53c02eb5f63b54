'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { isApiError } from '@/lib/api/errors';
import { updateTicket, uploadTicketFile } from '@/lib/api/tickets';

/**
 * After a sale the seller may still add what the buyer waits for: the barcode (a body with only `barcode`) and the
 * file. The API refuses to change either once the buyer may hold it.
 */
export async function deliverTicketAction(ticketId: string, version: number, formData: FormData): Promise<void> {
  const barcode = String(formData.get('barcode') ?? '').trim();
  const file = formData.get('ticketFile');
  let problem: string | null = null;
  try {
    if (barcode) await updateTicket(ticketId, { barcode }, version);
    if (file instanceof File && file.size > 0) await uploadTicketFile(ticketId, new Uint8Array(await file.arrayBuffer()));
  } catch (error) {
    if (!isApiError(error) || error.status >= 500) throw error;
    problem = error.message;
  }
  revalidatePath('/', 'layout');
  redirect(problem ? `/tickets/${ticketId}/edit?problem=${encodeURIComponent(problem)}` : `/tickets/${ticketId}`);
}
