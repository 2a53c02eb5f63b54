'use server';

import { redirect } from 'next/navigation';
import { isApiError } from '@/lib/api/errors';
import { signIn, signOut, signUp } from '@/lib/api/users';
import { safeNextPath } from '@/lib/safe-next';
import { clearSessionCookie, relaySessionCookie } from '@/lib/session';
import type { FormState } from '@/components/ui/form-state';

export type AuthFormState = FormState<'email' | 'password'>;

async function startSession(kind: 'signup' | 'signin', formData: FormData): Promise<AuthFormState> {
  const email = String(formData.get('email') ?? '');
  const password = String(formData.get('password') ?? '');
  try {
    const session = kind === 'signup' ? await signUp({ email, password }) : await signIn({ email, password });
    await relaySessionCookie(session.setCookie);
  } catch (error) {
    if (!isApiError(error) || error.status >= 500) throw error;
    const { fields, general } = error.byField();
    return { fields, message: general.join(' ') || (error.status === 429 ? error.message : undefined), values: { email } };
  }
  // Outside the try: redirect() works by throwing.
  redirect(safeNextPath(formData.get('next')));
}

export async function signUpAction(_state: AuthFormState, formData: FormData): Promise<AuthFormState> {
  return startSession('signup', formData);
}

export async function signInAction(_state: AuthFormState, formData: FormData): Promise<AuthFormState> {
  return startSession('signin', formData);
}

export async function signOutAction(): Promise<void> {
  try {
    await signOut();
  } finally {
    // Even if the API is unreachable, this browser stops presenting the session.
    await clearSessionCookie();
  }
  redirect('/');
}
