'use server';

import { redirect } from 'next/navigation';
import { verifyEmail } from '@/lib/api/users';

/** The verify page's button: the only way the link's token verifies anything (a GET of the page never does). */
export async function confirmEmailAction(formData: FormData): Promise<void> {
  const token = String(formData.get('token') ?? '');
  const outcome = await verifyEmail(token);
  // Outside any try: redirect() works by throwing.
  redirect(`/verify?outcome=${outcome}`);
}
