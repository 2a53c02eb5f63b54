import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/api/users';

/** A signed-in visitor of the sign-in or sign-up page goes straight on to `next` (already checked by safeNextPath). */
export async function RedirectIfSignedIn({ next }: { next: string }) {
  if (await getCurrentUser()) redirect(next);
  return null;
}
