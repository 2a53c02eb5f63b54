import { deadLetterListSchema, type DeadLetterList } from '@tickethub/shared';
import { apiRequest } from './client';

/** Admins only: events the bridge could not deliver. */
export async function listDeadLetters(): Promise<DeadLetterList> {
  const { data } = await apiRequest('/api/admin/dead-letters', { schema: deadLetterListSchema });
  return data;
}

/** Admins only: hands the event back to its domain; it disappears from the list once delivered. */
export async function replayDeadLetter(id: string): Promise<void> {
  await apiRequest(`/api/admin/dead-letters/${encodeURIComponent(id)}/replay`, { method: 'POST' });
}
