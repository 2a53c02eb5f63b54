import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthForm } from '@/components/auth/auth-form';
import { getCurrentUser } from '@/lib/api/users';
import { safeNextPath } from '@/lib/safe-next';

export const metadata: Metadata = { title: 'Sign up' };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const next = safeNextPath((await searchParams).next);
  if (await getCurrentUser()) redirect(next);
  return (
    <>
      <div className="page-head">
        <h1>Create your account</h1>
        <p className="muted">Sell tickets you can&apos;t use and buy the ones you want.</p>
      </div>
      <AuthForm mode="signup" next={next} />
    </>
  );
}
