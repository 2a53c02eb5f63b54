'use client';

import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import { loadStripe, type Stripe } from '@stripe/stripe-js';
import { useState, type FormEvent } from 'react';
import { RefreshWhileMounted } from '@/components/orders/refresh-while';
import { InlineError } from '@/components/ui/inline-error';
import { startCardPaymentAction } from './actions';

let stripePromise: Promise<Stripe | null> | null = null;

/** Stripe's Payment Element confirming the order's PaymentIntent; the webhook completes the order afterwards. */
export function StripePayment({ orderId, publishableKey, amount }: { orderId: string; publishableKey: string; amount: string }) {
  const [clientSecret, setClientSecret] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [paid, setPaid] = useState(false);
  const [busy, setBusy] = useState(false);

  if (paid) {
    return (
      <div role="status" className="alert alert-info">
        <p>Payment accepted. Confirming your order…</p>
        <RefreshWhileMounted />
      </div>
    );
  }
  if (!clientSecret) {
    const start = async () => {
      setBusy(true);
      const result = await startCardPaymentAction(orderId);
      setBusy(false);
      if (result.paid) setPaid(true);
      else if (result.clientSecret) setClientSecret(result.clientSecret);
      else setMessage(result.message ?? 'Payment could not start');
    };
    return (
      <div className="stack">
        <InlineError message={message} />
        <div>
          <button type="button" className="button" onClick={start} disabled={busy}>
            {busy ? 'Preparing…' : `Pay ${amount} by card`}
          </button>
        </div>
      </div>
    );
  }
  stripePromise ??= loadStripe(publishableKey);
  return (
    <Elements stripe={stripePromise} options={{ clientSecret }}>
      <PaymentForm amount={amount} onPaid={() => setPaid(true)} />
    </Elements>
  );
}

function PaymentForm({ amount, onPaid }: { amount: string; onPaid: () => void }) {
  const stripe = useStripe();
  const elements = useElements();
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!stripe || !elements) return;
    setBusy(true);
    // No redirect for cards: the page stays and waits for the order to complete.
    const { error } = await stripe.confirmPayment({ elements, redirect: 'if_required', confirmParams: { return_url: window.location.href } });
    setBusy(false);
    if (error) setMessage(error.message ?? 'The payment failed');
    else onPaid();
  };
  return (
    <form onSubmit={submit} className="stack">
      <PaymentElement />
      <InlineError message={message} />
      <div>
        <button type="submit" className="button" disabled={!stripe || busy}>
          {busy ? 'Paying…' : `Pay ${amount}`}
        </button>
      </div>
    </form>
  );
}
