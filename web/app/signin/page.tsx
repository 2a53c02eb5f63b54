import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AuthForm } from '@/components/auth/auth-form';
import { RedirectIfSignedIn } from '@/components/auth/redirect-if-signed-in';
import { safeNextPath } from '@/lib/safe-next';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const next = safeNextPath((await searchParams).next);
  return (
    <>
      <div className="page-head">
        <h1>Sign in</h1>
      </div>
      {/* The form is in the first HTML the browser gets (no API call delays it behind a "Loading…" fallback that
          only JavaScript would replace), so it works without JavaScript; the signed-in check streams in after. */}
      <Suspense fallback={null}>
        <RedirectIfSignedIn next={next} />
      </Suspense>
      <AuthForm mode="signin" next={next} />
    </>
  );
}
