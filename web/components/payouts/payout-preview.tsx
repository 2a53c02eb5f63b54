'use client';

import { useEffect, useRef, useState } from 'react';
import { browserZone } from '@/lib/browser-zone';
import { formatDateTime, formatPrice } from '@/lib/format';
import { describeDelay, sellerShare, type SellerTerms } from './seller-terms';

interface Typed {
  price: string;
  currency: string;
  eventDate: string;
}

/**
 * Beside the price on the sell form: what the seller will receive (net), the platform's fee and when it is paid,
 * following what is typed. It reads the form it sits in, so the form's fields stay uncontrolled.
 */
export function PayoutPreview({ terms, locale }: { terms: SellerTerms; locale: string }) {
  const ref = useRef<HTMLParagraphElement>(null);
  const [typed, setTyped] = useState<Typed>({ price: '', currency: 'usd', eventDate: '' });
  useEffect(() => {
    const form = ref.current?.closest('form');
    if (!form) return;
    const read = () => {
      const data = new FormData(form);
      setTyped({
        price: String(data.get('price') ?? '').trim(),
        currency: String(data.get('currency') ?? 'usd'),
        eventDate: String(data.get('eventDate') ?? ''),
      });
    };
    // After the event: the date's hidden ISO field is updated by React in the same turn, just after the input event.
    const later = () => setTimeout(read, 0);
    read();
    form.addEventListener('input', later);
    form.addEventListener('change', later);
    return () => {
      form.removeEventListener('input', later);
      form.removeEventListener('change', later);
    };
  }, []);
  const share = typed.price ? sellerShare(typed.price, typed.currency, typed.eventDate || null, terms) : null;
  const when = share?.releaseAt ? `on ${formatDateTime(share.releaseAt, locale, browserZone())}` : `${describeDelay(terms.payoutDelaySeconds)} after the event`;
  return (
    <p ref={ref} className="muted payout-preview" aria-live="polite" data-testid="payout-preview">
      {share
        ? `You receive ${formatPrice(share.net, typed.currency, locale)} (platform fee ${formatPrice(share.fee, typed.currency, locale)}, ${terms.feePercent} %), paid ${when}.`
        : `TicketHub keeps ${terms.feePercent} % of the price; you are paid ${describeDelay(terms.payoutDelaySeconds)} after the event.`}
    </p>
  );
}
