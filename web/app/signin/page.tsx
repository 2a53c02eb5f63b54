import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthForm } from '@/components/auth/auth-form';
import { getCurrentUser } from '@/lib/api/users';
import { safeNextPath } from '@/lib/safe-next';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const next = safeNextPath((await searchParams).next);
  if (await getCurrentUser()) redirect(next);
  return (
    <>
      <div className="page-head">
        <h1>Sign in</h1>
      </div>
      <AuthForm mode="signin" next={next} />
    </>
  );
}
