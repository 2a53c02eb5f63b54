'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { safeNextPath } from '@/lib/safe-next';

/**
 * Sign in and sign up bring the visitor back to the page they were on; on the sign-in and sign-up pages themselves,
 * to wherever those were going (a "Buy" that needed an account returns to the ticket).
 */
export function AccountLinks() {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const onAuthPage = pathname === '/signin' || pathname === '/signup';
  const here = searchParams.size ? `${pathname}?${searchParams}` : pathname;
  const next = onAuthPage ? safeNextPath(searchParams.get('next')) : here;
  return <AccountLinkPair query={next === '/' ? '' : `?next=${encodeURIComponent(next)}`} />;
}

/** The same links without a way back: what a statically rendered page (the 404) shows. */
export function AccountLinkPair({ query = '' }: { query?: string }) {
  return (
    <>
      <Link href={`/signin${query}`} className="button button-secondary button-small" prefetch={false}>
        Sign in
      </Link>
      <Link href={`/signup${query}`} className="button button-small" prefetch={false}>
        Sign up
      </Link>
    </>
  );
}
