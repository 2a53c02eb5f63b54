import { paramError } from './errors';
import type { FormObject } from './form';
import { readStringList } from './params';
import { snapshot } from './store';

/** For each expandable field, how to turn the id it holds into the object. */
export type Expanders = Record<string, (id: string) => object>;

/**
 * The fields named by Stripe's `expand[]=latest_charge`, checked before the request runs so a bad expansion cannot
 * fail a request after it changed state. Only single-level fields the product may ask for are expandable.
 */
export function requestedExpansions(form: FormObject, expanders: Expanders): string[] {
  const fields = readStringList(form, 'expand') ?? [];
  for (const field of fields) {
    if (!Object.hasOwn(expanders, field)) {
      const supported = Object.keys(expanders).join(', ') || 'nothing on this object';
      throw paramError('expand', `This property cannot be expanded (${field}). The local Stripe stand-in can expand: ${supported}.`);
    }
  }
  return fields;
}

/** A copy of the object with the requested ids replaced by the objects they name. */
export function expandFields(object: object, fields: readonly string[], expanders: Expanders): Record<string, unknown> {
  const copy = snapshot(object) as Record<string, unknown>;
  for (const field of fields) {
    const value = copy[field];
    const expander = expanders[field];
    if (typeof value === 'string' && expander) copy[field] = snapshot(expander(value));
  }
  return copy;
}
