import { redirect } from 'next/navigation';
import type { User } from '@tickethub/shared';
import { getCurrentUser } from './api/users';

/** Pages for signed-in users send everyone else to sign in, and back here afterwards. */
export async function requireUser(returnTo: string): Promise<User> {
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?next=${encodeURIComponent(returnTo)}`);
  return user;
}
