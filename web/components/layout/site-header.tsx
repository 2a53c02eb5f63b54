import Link from 'next/link';
import { Suspense } from 'react';
import type { User } from '@tickethub/shared';
import { signOutAction } from '@/components/auth/actions';
import { getCurrentUser } from '@/lib/api/users';
import { AccountLinkPair, AccountLinks } from './account-links';

/** The header must render even when the API is down, so the error page below it keeps its navigation. */
async function currentUserOrNull(): Promise<User | null> {
  try {
    return await getCurrentUser();
  } catch {
    return null;
  }
}

export async function SiteHeader() {
  const user = await currentUserOrNull();
  return (
    <header className="site-header">
      <div className="container header-inner">
        <Link href="/" className="brand">
          {/* The favicon's ticket, inline: no emoji font is needed and it scales with the text. */}
          <svg aria-hidden="true" className="brand-mark" viewBox="0 0 32 32" width="28" height="28">
            <rect width="32" height="32" rx="7" fill="#3730a3" />
            <path d="M7 10h18v4a2 2 0 0 0 0 4v4H7v-4a2 2 0 0 0 0-4z" fill="#fff" />
            <path d="M19 10v12" stroke="#3730a3" strokeWidth="1.5" strokeDasharray="2 1.5" />
          </svg>
          TicketHub
        </Link>
        <nav aria-label="Main" className="main-nav">
          <ul>
            <li>
              <Link href="/">Browse</Link>
            </li>
            <li>
              <Link href="/sell">Sell</Link>
            </li>
            {user ? (
              <>
                <li>
                  <Link href="/listings">My listings</Link>
                </li>
                <li>
                  <Link href="/orders">My orders</Link>
                </li>
                <li>
                  <Link href="/my-tickets">My tickets</Link>
                </li>
                <li>
                  <Link href="/payouts">Payouts</Link>
                </li>
                <li>
                  <Link href="/get-paid">Get paid</Link>
                </li>
                {user.role === 'admin' ? (
                  <li>
                    <Link href="/admin">Admin</Link>
                  </li>
                ) : null}
              </>
            ) : null}
          </ul>
        </nav>
        <div className="account">
          {user ? (
            <>
              <span className="muted account-email" title={user.email}>
                {user.email}
              </span>
              <form action={signOutAction}>
                <button type="submit" className="button button-secondary button-small">
                  Sign out
                </button>
              </form>
            </>
          ) : (
            // Reading the query needs a Suspense boundary where a page is rendered ahead of time (the 404).
            <Suspense fallback={<AccountLinkPair />}>
              <AccountLinks />
            </Suspense>
          )}
        </div>
      </div>
    </header>
  );
}
