'use client';

import { useActionState, type ReactNode } from 'react';
import { Field } from '@/components/ui/field';
import { FormAlert } from '@/components/ui/form-alert';
import { SubmitButton } from '@/components/ui/submit-button';
import type { TicketFormState } from './actions';
import { DateTimeInput, TimeZoneHint } from './date-time-input';
import { CATEGORY_LABELS, CURRENCIES } from './labels';

export interface TicketFormValues {
  title: string;
  description: string;
  category: string;
  venue: string;
  city: string;
  eventDate: string;
  price: string;
  currency: string;
  barcode?: string;
}

/**
 * noValidate: the API is the one judge of a listing, and its field errors are shown by each field. React resets a
 * form after its action runs, so the values come back in the action's state and the fields remount with them (keyed
 * by the answer): a reset must never blank what the seller typed.
 */
export function TicketForm({
  action,
  initial,
  submitLabel,
  barcodeHint,
  hasFile,
  preview,
}: {
  action: (state: TicketFormState, data: FormData) => Promise<TicketFormState>;
  initial?: TicketFormValues;
  submitLabel: string;
  /** An edit shows the stored barcode only as its last four characters; the field stays empty (write-only). */
  barcodeHint?: string;
  hasFile?: boolean;
  /** Shown under the price: what the seller will receive (components/payouts/payout-preview). */
  preview?: ReactNode;
}) {
  const [state, formAction] = useActionState(action, {});
  const value = (name: keyof TicketFormValues) => state.values?.[name] ?? initial?.[name] ?? '';
  const errors = state.fields ?? {};
  return (
    <form action={formAction} className="stack form-wide" noValidate key={JSON.stringify(state.values ?? {})}>
      <FormAlert state={state} />
      <Field name="title" label="Title" error={errors.title} required render={(p) => <input {...p} defaultValue={value('title')} maxLength={200} />} />
      <div className="grid-2">
        <Field
          name="category"
          label="Category"
          error={errors.category}
          required
          render={(p) => (
            <select {...p} defaultValue={value('category')}>
              <option value="">Choose a category</option>
              {Object.entries(CATEGORY_LABELS).map(([key, label]) => (
                <option key={key} value={key}>
                  {label}
                </option>
              ))}
            </select>
          )}
        />
        <Field
          name="eventDate"
          label="Event date and time"
          hint={<TimeZoneHint />}
          error={errors.eventDate}
          required
          render={(p) => <DateTimeInput {...p} iso={state.values?.eventDate || initial?.eventDate} />}
        />
      </div>
      <div className="grid-2">
        <Field name="venue" label="Venue" error={errors.venue} required render={(p) => <input {...p} defaultValue={value('venue')} />} />
        <Field
          name="city"
          label="City"
          error={errors.city}
          required
          render={(p) => <input {...p} defaultValue={value('city')} autoComplete="address-level2" />}
        />
      </div>
      <div className="grid-2">
        <Field
          name="price"
          label="Price"
          hint="Up to 100,000, with no more decimals than the currency has (JPY none), and at least Stripe’s minimum (USD 0.50)."
          error={errors.price}
          required
          render={(p) => <input {...p} defaultValue={value('price')} inputMode="decimal" />}
        />
        <Field
          name="currency"
          label="Currency"
          error={errors.currency}
          render={(p) => (
            <select {...p} defaultValue={value('currency') || 'usd'}>
              {CURRENCIES.map((code) => (
                <option key={code} value={code}>
                  {code.toUpperCase()}
                </option>
              ))}
            </select>
          )}
        />
      </div>
      {preview}
      <Field
        name="description"
        label="Description"
        hint="Optional: seat, row, entry details (up to 2000 characters)."
        error={errors.description}
        render={(p) => <textarea {...p} rows={4} defaultValue={value('description')} />}
      />
      <div className="grid-2">
        <Field
          name="barcode"
          label="Barcode"
          hint={
            barcodeHint ? `Saved: ${barcodeHint}. Type a new one to replace it.` : 'The code printed on the ticket; only the buyer receives it, after paying.'
          }
          error={errors.barcode}
          render={(p) => <input {...p} defaultValue={value('barcode')} autoComplete="off" maxLength={200} />}
        />
        <Field
          name="ticketFile"
          label="Ticket file (PDF, up to 2 MB)"
          hint={hasFile ? 'A file is saved. Choose another to replace it.' : 'Optional: the buyer downloads it after paying.'}
          error={errors.file}
          render={(p) => <input {...p} type="file" accept="application/pdf,.pdf" />}
        />
      </div>
      <div>
        <SubmitButton pending="Saving…">{submitLabel}</SubmitButton>
      </div>
    </form>
  );
}
