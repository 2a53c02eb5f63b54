import { invalidRequest } from './errors';

/**
 * Stripe's form encoding: `metadata[orderId]=abc`, `expand[]=latest_charge`, `payment_method_types[0]=card` (the Node
 * SDK indexes arrays, Stripe.js and curl users write `[]`). Values stay strings; each endpoint reads them with the
 * typed readers in params.ts, as Stripe coerces per parameter.
 */
export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

// Assigning `__proto__` would swap the prototype of the nested objects below instead of adding a key.
const FORBIDDEN = '__proto__';
const MAX_LIST_INDEX = 999;

export function parseForm(body: string): FormObject {
  const root: FormObject = {};
  for (const [name, value] of new URLSearchParams(body)) assign(root, splitKey(name), value, name);
  return root;
}

/** `a[b][]` → ['a', 'b', ''] */
function splitKey(name: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(name);
  if (!match?.[1]) throw invalidRequest(`Invalid parameter name: ${name}`, { param: name });
  const rest = [...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((part) => part[1] ?? '');
  const keys = [match[1], ...rest];
  if (keys.includes(FORBIDDEN)) throw invalidRequest(`Invalid parameter name: ${name}`, { param: name });
  return keys;
}

function assign(container: FormObject | FormValue[], keys: string[], value: string, name: string): void {
  const [key, ...rest] = keys as [string, ...string[]];
  const conflict = () => invalidRequest(`Invalid parameter: ${name} mixes a value, a list and a hash`, { param: name });

  if (Array.isArray(container)) {
    if (key !== '' && !/^\d+$/.test(key)) throw conflict();
    // `[]` appends; with more keys after it (`items[][price]`), it starts a new element each time, as Rack does.
    const index = key === '' ? container.length : Number(key);
    // A huge index would allocate a huge sparse list; Stripe's own lists are far shorter.
    if (index > MAX_LIST_INDEX) throw invalidRequest(`Invalid parameter: ${name} has an index above ${MAX_LIST_INDEX}`, { param: name });
    if (rest.length === 0) {
      container[index] = value;
      return;
    }
    const child = container[index] ?? (isArrayKey(rest[0]) ? [] : {});
    if (typeof child === 'string') throw conflict();
    container[index] = child;
    assign(child, rest, value, name);
    return;
  }

  if (key === '') throw conflict();
  if (rest.length === 0) {
    // A repeated scalar keeps the last value, as Stripe's parser does; a scalar over a hash or list is ambiguous.
    if (Object.hasOwn(container, key) && typeof container[key] !== 'string') throw conflict();
    container[key] = value;
    return;
  }
  const existing = Object.hasOwn(container, key) ? container[key] : undefined;
  const child = existing ?? (isArrayKey(rest[0]) ? [] : {});
  if (typeof child === 'string' || Array.isArray(child) !== isArrayKey(rest[0])) throw conflict();
  container[key] = child;
  assign(child, rest, value, name);
}

function isArrayKey(key: string | undefined): boolean {
  return key === '' || (key !== undefined && /^\d+$/.test(key));
}
