import { cache } from 'react';
import { authResultSchema, currentUserResponseSchema, type SigninBody, type SignupBody, type User } from '@tickethub/shared';
import { apiRequest } from './client';
import { isApiError } from './errors';

/** Once per request, however many components ask (layout and page both do). */
export const getCurrentUser = cache(async (): Promise<User | null> => {
  try {
    const { data } = await apiRequest('/api/users/currentuser', { schema: currentUserResponseSchema });
    return data.currentUser;
  } catch (error) {
    // A revoked or expired session reads as signed out rather than as an error page.
    if (isApiError(error, 401)) return null;
    throw error;
  }
});

export interface Session {
  user: User;
  /** The API's Set-Cookie for the session, relayed to the browser by the server action. */
  setCookie: string | null;
}

export async function signUp(body: SignupBody): Promise<Session> {
  const { data, headers } = await apiRequest('/api/users/signup', { method: 'POST', body, schema: authResultSchema });
  return { user: { id: data.id, email: data.email, role: data.role }, setCookie: headers.get('set-cookie') };
}

export async function signIn(body: SigninBody): Promise<Session> {
  const { data, headers } = await apiRequest('/api/users/signin', { method: 'POST', body, schema: authResultSchema });
  return { user: { id: data.id, email: data.email, role: data.role }, setCookie: headers.get('set-cookie') };
}

export async function signOut(): Promise<void> {
  await apiRequest('/api/users/signout', { method: 'POST' });
}

export type VerifyOutcome = 'verified' | 'invalid' | 'signed-out' | 'not-owner';

/**
 * Confirms the signup e-mail's token with the signed-in user's session (the API verifies only its owner's account):
 * called by the button of the page the link opens, never by opening it.
 */
export async function verifyEmail(token: string): Promise<VerifyOutcome> {
  try {
    await apiRequest('/api/users/verify', { method: 'POST', body: { token } });
    return 'verified';
  } catch (error) {
    if (isApiError(error, 400)) return 'invalid';
    if (isApiError(error, 401)) return 'signed-out';
    if (isApiError(error, 403)) return 'not-owner';
    throw error;
  }
}
