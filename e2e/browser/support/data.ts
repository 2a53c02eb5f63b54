import { api, uniqueEmail, type SignedInUser } from '@tickethub/dev/testing/client';
import { ticketBody } from '@tickethub/dev/testing/fixtures';

export const PASSWORD = 'correct horse battery';

export async function signUpUser(origin: string, prefix = 'user'): Promise<SignedInUser & { password: string }> {
  const email = uniqueEmail(prefix);
  const response = await api(origin, 'POST', '/api/users/signup', { body: { email, password: PASSWORD } });
  if (response.status !== 201) throw new Error(`signup failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { ...response.body, cookie: '', password: PASSWORD };
}

/** A listing made through the API, for scenarios whose subject is not the sell form itself. */
export async function listTicket(origin: string, seller: { token: string }, overrides: Record<string, unknown> = {}): Promise<{ id: string; title: string }> {
  const response = await api(origin, 'POST', '/api/tickets', { token: seller.token, body: ticketBody(overrides) });
  if (response.status !== 201) throw new Error(`create ticket failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function reserve(origin: string, buyer: { token: string }, ticketId: string): Promise<{ id: string }> {
  const response = await api(origin, 'POST', '/api/orders', { token: buyer.token, body: { ticketId } });
  if (response.status !== 201) throw new Error(`reserve failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export function uniqueWord(prefix: string): string {
  return `${prefix}${Math.random().toString(36).slice(2, 8)}`;
}

/** What the sell form's date-time input takes: local time, `days` from now, at 20:00. */
export function inFuture(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T20:00`;
}
