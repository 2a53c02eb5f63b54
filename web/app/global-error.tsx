'use client';

import './globals.css';

/** Only when the root layout itself fails; it replaces the whole document, so it brings its own html and body. */
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <main className="container empty">
          <title>Something went wrong · TicketHub</title>
          <h1>Something went wrong</h1>
          <p>TicketHub could not load. Please try again.</p>
          <button type="button" className="button" onClick={reset}>
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
