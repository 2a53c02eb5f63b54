'use client';

import dynamic from 'next/dynamic';

/** Stripe.js and Elements load only on an order page, and only when real keys are configured. */
export const CardCheckout = dynamic(() => import('./stripe-payment').then((module) => module.StripePayment), {
  ssr: false,
  loading: () => <p className="muted">Loading the secure card form…</p>,
});
