'use client';

import { useActionState } from 'react';
import { RefreshWhileMounted } from '@/components/orders/refresh-while';
import { FormAlert } from '@/components/ui/form-alert';
import type { FormState } from '@/components/ui/form-state';
import { SubmitButton } from '@/components/ui/submit-button';

const CARDS = [
  { id: 'pm_card_visa', label: 'Visa •••• 4242', note: 'payment succeeds' },
  { id: 'pm_card_chargeDeclined', label: 'Visa •••• 0002', note: 'card is declined' },
] as const;

/** Local development and tests only: no Stripe keys, so the local Stripe stand-in takes the payment. */
export function TestCardForm({ action, amount }: { action: (state: FormState, data: FormData) => Promise<FormState>; amount: string }) {
  const [state, formAction] = useActionState(action, {});
  if (state.ok) {
    return (
      <div role="status" className="alert alert-info">
        <p>Payment accepted. Confirming your order…</p>
        <RefreshWhileMounted />
      </div>
    );
  }
  return (
    <form action={formAction} className="stack">
      <p className="test-mode">
        <strong>Test mode.</strong> No real card is charged: this pays at the local Stripe stand-in.
      </p>
      <FormAlert state={state} />
      <fieldset className="card-choice" aria-describedby={state.fields?.card ? 'card-error' : undefined}>
        <legend>Test card</legend>
        {CARDS.map((card, index) => (
          <label key={card.id} className="radio">
            <input type="radio" name="card" value={card.id} defaultChecked={index === 0} />
            <span>
              {card.label} <span className="muted">({card.note})</span>
            </span>
          </label>
        ))}
        {state.fields?.card ? (
          <p className="field-error" id="card-error">
            {state.fields.card}
          </p>
        ) : null}
      </fieldset>
      <div>
        <SubmitButton pending="Paying…">Pay {amount}</SubmitButton>
      </div>
    </form>
  );
}
