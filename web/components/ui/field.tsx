import type { ReactNode } from 'react';

/**
 * A labelled input with its hint and error wired up by id (aria-describedby), so screen readers read them with the
 * input. The child control receives id, aria-invalid and aria-describedby through `render`.
 */
export function Field({
  name,
  label,
  hint,
  error,
  required,
  render,
}: {
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  render: (props: { id: string; name: string; 'aria-invalid'?: true; 'aria-describedby'?: string; required?: boolean }) => ReactNode;
}) {
  const id = `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {render({ id, name, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy, required })}
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
