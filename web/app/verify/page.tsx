import type { Metadata } from 'next';
import Link from 'next/link';
import { verifyEmail } from '@/lib/api/users';

export const metadata: Metadata = { title: 'Confirm your e-mail address' };

/** Where the signup e-mail's link lands: it carries the token as `token` and is confirmed on arrival. */
export default async function VerifyPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  // A repeated `token` arrives as an array: not a link we sent.
  const verified = typeof token === 'string' && token.length >= 16 && token.length <= 200 ? await verifyEmail(token) : false;
  return (
    <article className="detail">
      <h1>{verified ? 'Your e-mail address is confirmed' : 'This link does not work'}</h1>
      <div role="status" className={`alert alert-${verified ? 'success' : 'warning'}`}>
        <p>{verified ? 'Thank you. You will get your tickets and receipts at this address.' : 'It may have expired or been copied incompletely.'}</p>
      </div>
      <p>
        <Link href="/">Browse tickets</Link>
      </p>
    </article>
  );
}
