import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Page not found' };

export default function NotFound() {
  return (
    <div className="empty">
      <h1>We couldn&apos;t find that page</h1>
      <p>The ticket may have been withdrawn, or the link is mistyped.</p>
      <p>
        <Link href="/" className="button">
          Browse tickets
        </Link>
      </p>
    </div>
  );
}
