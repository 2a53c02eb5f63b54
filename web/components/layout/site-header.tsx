import Link from 'next/link';
import { Suspense } from 'react';
import { AccountArea, PersonalNavItems } from './account-area';
import { AccountLinkPair } from './account-links';

/**
 * The same header for every visitor, so that public pages can be rendered once and cached: who is signed in is asked
 * by the browser (components/layout/current-user.ts), never by the server while rendering. Its links do not prefetch:
 * on an on-sale every ticket page would otherwise fetch the home page, /sell and the sign-in pages for every visitor,
 * and processing those payloads after hydration was the ticket page's longest main-thread work (Lighthouse TBT).
 */
export function SiteHeader() {
  return (
    <header className="site-header">
      <div className="container header-inner">
        <Link href="/" className="brand" prefetch={false}>
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
              <Link href="/" prefetch={false}>
                Browse
              </Link>
            </li>
            <li>
              <Link href="/sell" prefetch={false}>
                Sell
              </Link>
            </li>
            <Suspense fallback={null}>
              <PersonalNavItems />
            </Suspense>
          </ul>
        </nav>
        <div className="account">
          {/* Reading the query (the links' way back) needs a Suspense boundary on a page rendered ahead of time. */}
          <Suspense fallback={<AccountLinkPair />}>
            <AccountArea />
          </Suspense>
        </div>
      </div>
    </header>
  );
}
