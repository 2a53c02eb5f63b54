import type { FormState } from './form-state';

/** The form's summary: announced by screen readers (role=alert) and naming how many fields need attention. */
export function FormAlert({ state }: { state: FormState }) {
  const fieldCount = Object.keys(state.fields ?? {}).length;
  if (!state.message && fieldCount === 0) return null;
  return (
    <div role="alert" className="alert alert-error">
      {state.message ? <p>{state.message}</p> : null}
      {fieldCount > 0 ? <p>{fieldCount === 1 ? 'One field needs attention.' : `${fieldCount} fields need attention.`}</p> : null}
    </div>
  );
}
