'use client';

import Link from 'next/link';
import { signOutAction } from '@/components/auth/actions';
import { AccountLinks } from './account-links';
import { forgetCurrentUser, useCurrentUser } from './current-user';

/** The header's right-hand side: the visitor's email and Sign out, or Sign in / Sign up (also while still asking). */
export function AccountArea() {
  const { user } = useCurrentUser();
  if (!user) return <AccountLinks />;
  const signOut = async () => {
    forgetCurrentUser();
    await signOutAction();
  };
  return (
    <>
      <span className="muted account-email" title={user.email}>
        {user.email}
      </span>
      <form action={signOut}>
        <button type="submit" className="button button-secondary button-small">
          Sign out
        </button>
      </form>
    </>
  );
}

/** The signed-in visitor's own pages, after Browse and Sell (not prefetched: five pages for every page view). */
export function PersonalNavItems() {
  const { user } = useCurrentUser();
  if (!user) return null;
  return (
    <>
      <li>
        <Link href="/listings" prefetch={false}>
          My listings
        </Link>
      </li>
      <li>
        <Link href="/orders" prefetch={false}>
          My orders
        </Link>
      </li>
      <li>
        <Link href="/my-tickets" prefetch={false}>
          My tickets
        </Link>
      </li>
      <li>
        <Link href="/payouts" prefetch={false}>
          Payouts
        </Link>
      </li>
      <li>
        <Link href="/get-paid" prefetch={false}>
          Get paid
        </Link>
      </li>
      {user.role === 'admin' ? (
        <li>
          <Link href="/admin" prefetch={false}>
            Admin
          </Link>
        </li>
      ) : null}
    </>
  );
}
