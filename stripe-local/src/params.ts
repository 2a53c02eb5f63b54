import { missingParam, paramError, unknownParam } from './errors';
import type { FormObject, FormValue } from './form';

/**
 * Typed readers over a parsed form. Stripe rejects parameters it does not know; the stand-in also rejects the ones it
 * does not model, so a product change that relies on one fails here loudly instead of silently behaving differently.
 */
export function rejectUnknown(form: FormObject, supported: readonly string[]): void {
  const unknown = Object.keys(form).find((key) => !supported.includes(key));
  if (unknown !== undefined) throw unknownParam(unknown, supported);
}

export function readString(form: FormObject, name: string): string | undefined {
  const value = form[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw paramError(name, `Invalid string: ${name} must be a string, not a hash or a list.`);
  return value;
}

export function requireString(form: FormObject, name: string): string {
  const value = readString(form, name);
  if (value === undefined || value === '') throw missingParam(name);
  return value;
}

/** Money and counts are integers on the wire; `12.5` is refused, never rounded. */
export function readInteger(form: FormObject, name: string, { min }: { min?: number } = {}): number | undefined {
  const raw = readString(form, name);
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw paramError(name, `Invalid integer: ${raw}`, 'parameter_invalid_integer');
  }
  const value = Number(raw);
  if (min !== undefined && value < min) {
    throw paramError(name, `This value must be greater than or equal to ${min}.`, 'parameter_invalid_integer');
  }
  return value;
}

export function readBoolean(form: FormObject, name: string): boolean | undefined {
  const raw = readString(form, name);
  if (raw === undefined) return undefined;
  if (raw !== 'true' && raw !== 'false') throw paramError(name, `Invalid boolean: ${raw}`);
  return raw === 'true';
}

export function readEnum<T extends string>(form: FormObject, name: string, values: readonly T[]): T | undefined {
  const raw = readString(form, name);
  if (raw === undefined) return undefined;
  if (!(values as readonly string[]).includes(raw)) throw paramError(name, `Invalid ${name}: must be one of ${values.join(', ')}`);
  return raw as T;
}

export function readStringList(form: FormObject, name: string): string[] | undefined {
  const value = form[name];
  if (value === undefined) return undefined;
  const items = Array.isArray(value) ? value : typeof value === 'object' ? Object.values(value) : [value];
  return items.map((item) => {
    if (typeof item !== 'string') throw paramError(name, `Invalid array: ${name} must be a list of strings.`);
    return item;
  });
}

export function readHash(form: FormObject, name: string): FormObject | undefined {
  const value = form[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw paramError(name, `Invalid object: ${name} must be a hash.`);
  return value;
}

/** `metadata[key]=value`; an empty `metadata=` means no metadata, as on Stripe. */
export function readMetadata(form: FormObject): Record<string, string> | undefined {
  const value: FormValue | undefined = form.metadata;
  if (value === undefined) return undefined;
  if (value === '') return {};
  const hash = readHash(form, 'metadata') ?? {};
  const metadata: Record<string, string> = {};
  for (const [key, item] of Object.entries(hash)) {
    if (typeof item !== 'string') throw paramError(`metadata[${key}]`, 'Invalid value: metadata values must be strings.');
    if (key.length > 40) throw paramError(`metadata[${key}]`, 'Metadata keys can be at most 40 characters long.');
    if (item.length > 500) throw paramError(`metadata[${key}]`, 'Metadata values can be at most 500 characters long.');
    metadata[key] = item;
  }
  return metadata;
}

export function readCurrency(form: FormObject): string {
  const currency = requireString(form, 'currency').toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) throw paramError('currency', `Invalid currency: ${currency}. Use a three-letter ISO code.`);
  return currency;
}
