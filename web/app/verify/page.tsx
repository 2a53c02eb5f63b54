import type { Metadata } from 'next';
import Link from 'next/link';
import { confirmEmailAction } from '@/components/auth/verify-actions';
import { getCurrentUser, type VerifyOutcome } from '@/lib/api/users';

export const metadata: Metadata = { title: 'Confirm your e-mail address' };

const OUTCOMES: Record<VerifyOutcome, { title: string; text: string; tone: 'success' | 'warning' }> = {
  verified: { title: 'Your e-mail address is confirmed', text: 'Thank you. You will get your tickets and receipts at this address.', tone: 'success' },
  invalid: { title: 'This link does not work', text: 'It may have expired, been used already or been copied incompletely.', tone: 'warning' },
  'signed-out': { title: 'Sign in to confirm', text: 'Your session ended before you confirmed. Open the link again and sign in.', tone: 'warning' },
  'not-owner': { title: 'This link is for another account', text: 'Sign in with the account you signed up with, then open the link again.', tone: 'warning' },
};

/**
 * Where the signup e-mail's link lands. Opening it verifies nothing: mail scanners open links, and a token alone must
 * not verify an account someone else may have signed up with this address. The signed-in owner confirms with a button.
 */
export default async function VerifyPage({ searchParams }: { searchParams: Promise<{ token?: string | string[]; outcome?: string }> }) {
  const { token, outcome } = await searchParams;
  const done = outcome && Object.hasOwn(OUTCOMES, outcome) ? OUTCOMES[outcome as VerifyOutcome] : null;
  // A repeated `token` arrives as an array: not a link we sent.
  const usable = typeof token === 'string' && token.length >= 16 && token.length <= 200;
  const user = usable && !done ? await getCurrentUser() : null;
  const here = usable ? `/verify?token=${encodeURIComponent(token)}` : '/verify';
  return (
    <article className="detail">
      <h1>{done?.title ?? (usable ? 'Confirm your e-mail address' : OUTCOMES.invalid.title)}</h1>
      {done ? (
        <div role="status" className={`alert alert-${done.tone}`}>
          <p>{done.text}</p>
        </div>
      ) : !usable ? (
        <div role="status" className="alert alert-warning">
          <p>{OUTCOMES.invalid.text}</p>
        </div>
      ) : user ? (
        <form action={confirmEmailAction}>
          <input type="hidden" name="token" value={token} />
          <p>Confirm that {user.email} is your address.</p>
          <button type="submit" className="button">
            Confirm my e-mail address
          </button>
        </form>
      ) : (
        <p>
          <Link href={`/signin?next=${encodeURIComponent(here)}`}>Sign in</Link> with the account you signed up with to confirm this address.
        </p>
      )}
      <p>
        <Link href="/">Browse tickets</Link>
      </p>
    </article>
  );
}
