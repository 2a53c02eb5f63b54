'use client';

import type { ReactNode } from 'react';
import { useFormStatus } from 'react-dom';

/** Disabled with a busy label while its form's action runs, so a double click cannot submit twice. */
export function SubmitButton({
  children,
  pending: pendingLabel,
  className = 'button',
  ...rest
}: {
  children: ReactNode;
  pending?: string;
  className?: string;
  name?: string;
  value?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={className} disabled={pending} aria-disabled={pending} {...rest}>
      {pending ? (pendingLabel ?? 'Working…') : children}
    </button>
  );
}
