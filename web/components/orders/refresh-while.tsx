'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/**
 * Re-renders the page's server components every `everyMs` while mounted. The order completes asynchronously (Stripe
 * webhook → payments → NATS → orders), so the page asks again until the server stops rendering this component.
 */
export function RefreshWhileMounted({ everyMs = 1000 }: { everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(timer);
  }, [router, everyMs]);
  return null;
}
