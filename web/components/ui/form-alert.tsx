'use client';

import { useEffect, useRef } from 'react';
import type { FormState } from './form-state';

/**
 * The form's summary, announced (role=alert) and focused after a failed submit, so keyboard and screen-reader users
 * land on what went wrong instead of on a button that may have been re-rendered.
 */
export function FormAlert({ state }: { state: FormState }) {
  const ref = useRef<HTMLDivElement>(null);
  const fieldCount = Object.keys(state.fields ?? {}).length;
  const visible = Boolean(state.message) || fieldCount > 0;
  useEffect(() => {
    if (visible) ref.current?.focus();
  }, [state, visible]);
  if (!visible) return null;
  return (
    <div role="alert" className="alert alert-error" tabIndex={-1} ref={ref}>
      {state.message ? <p>{state.message}</p> : null}
      {fieldCount > 0 ? <p>{fieldCount === 1 ? 'One field needs attention.' : `${fieldCount} fields need attention.`}</p> : null}
    </div>
  );
}
