import { payWithTestCardAction } from './actions';
import { CardCheckout } from './card-checkout';
import { TestCardForm } from './test-card-form';

/** Real Stripe when a publishable key is configured; otherwise the clearly labelled test-card form. */
export function PaymentPanel({ orderId, amount, publishableKey }: { orderId: string; amount: string; publishableKey: string | null }) {
  return (
    <section aria-labelledby="pay-heading" className="card">
      <h2 id="pay-heading">Pay</h2>
      {publishableKey ? (
        <CardCheckout orderId={orderId} publishableKey={publishableKey} amount={amount} />
      ) : (
        <TestCardForm action={payWithTestCardAction.bind(null, orderId)} amount={amount} />
      )}
    </section>
  );
}
