'use client';

import { useSyncExternalStore } from 'react';
import { formatCountdown } from '@/lib/format';
import { RefreshWhileMounted } from './refresh-while';

function subscribe(onTick: () => void): () => void {
  // Faster than once a second so the display never skips a second when timers drift.
  const timer = setInterval(onTick, 250);
  return () => clearInterval(timer);
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * Time left to pay. During hydration it shows the server's reading (so the HTML matches), then ticks on the browser
 * clock. At zero the server is asked again: it reads an unpaid order past expiresAt as expired.
 */
export function Countdown({ expiresAt, serverNow }: { expiresAt: string; serverNow: number }) {
  const now = useSyncExternalStore(subscribe, nowSeconds, () => Math.floor(serverNow / 1000));
  const left = Math.floor(Date.parse(expiresAt) / 1000) - now;
  if (left <= 0) {
    return (
      <div className="countdown countdown-over" role="status">
        <p>Time is up: your reservation is being released…</p>
        <RefreshWhileMounted everyMs={1000} />
      </div>
    );
  }
  return (
    <div className={`countdown${left <= 60 ? ' countdown-urgent' : ''}`}>
      <p>
        Reserved for you. Pay within{' '}
        <strong role="timer" aria-live="off" data-testid="countdown">
          {formatCountdown(left)}
        </strong>
      </p>
    </div>
  );
}
