'use client';

import Link from 'next/link';
import { useEffect } from 'react';

/** Any failure below the layout lands here: the header stays, and the visitor can retry without losing the page. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    document.title = 'Something went wrong · TicketHub';
  }, []);
  return (
    <div className="empty" role="alert">
      <h1>Something went wrong</h1>
      <p>We couldn&apos;t load this page. It is probably temporary: try again in a moment.</p>
      {error.digest ? <p className="muted mono">Reference: {error.digest}</p> : null}
      <p className="row">
        <button type="button" className="button" onClick={reset}>
          Try again
        </button>
        <Link href="/" className="button button-secondary">
          Go to the home page
        </Link>
      </p>
    </div>
  );
}
