'use client';

import { useActionState } from 'react';
import type { FormState } from '@/components/ui/form-state';
import { InlineError } from '@/components/ui/inline-error';
import { SubmitButton } from '@/components/ui/submit-button';

/**
 * One button bound to a server action, with the action's refusal (409 reserved, 429 too many orders…) shown beside it.
 * Used for Buy, Withdraw and Cancel.
 */
export function ActionButton({
  action,
  label,
  pending,
  variant = 'primary',
  done,
}: {
  action: (state: FormState) => Promise<FormState>;
  label: string;
  pending: string;
  variant?: 'primary' | 'secondary' | 'danger';
  done?: string;
}) {
  const [state, formAction] = useActionState(action, {});
  const className = variant === 'primary' ? 'button' : `button button-${variant}`;
  return (
    <form action={formAction} className="inline-action">
      <SubmitButton className={className} pending={pending}>
        {label}
      </SubmitButton>
      <InlineError message={state.message} />
      {state.ok && done ? (
        <p role="status" className="success-text">
          {done}
        </p>
      ) : null}
    </form>
  );
}
