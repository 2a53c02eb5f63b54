import { authenticationError } from './errors';
import type { FormObject } from './form';

export type KeyKind = 'secret' | 'publishable';

/**
 * Any test-mode key is accepted, as any key of a test account would be: `sk_test_…`/`rk_test_…` as secret keys, and
 * `pk_test_…` for the two calls Stripe.js makes with a client secret. Live keys are refused so a misconfigured
 * environment cannot believe it is talking to the real Stripe.
 */
export function authenticate(authorization: string | undefined, form: FormObject): KeyKind {
  // Stripe.js sends its publishable key as the `key` parameter rather than a header.
  const key = keyFromHeader(authorization) ?? (typeof form.key === 'string' ? form.key : undefined);
  if (!key) {
    throw authenticationError(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  }
  if (/^(sk|rk)_test_\S+$/.test(key)) return 'secret';
  if (/^pk_test_\S+$/.test(key)) return 'publishable';
  throw authenticationError(`Invalid API Key provided: ${redact(key)}`);
}

function keyFromHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value = ''] = header.trim().split(/\s+/, 2);
  if (scheme?.toLowerCase() === 'bearer') return value;
  // curl -u sk_test_…: sends the key as a Basic user name with an empty password.
  if (scheme?.toLowerCase() === 'basic') return Buffer.from(value, 'base64').toString('utf8').split(':')[0];
  return undefined;
}

/** Stripe shows only the start and the last four characters of a rejected key; so do we, keys stay out of responses. */
function redact(key: string): string {
  if (key.length <= 12) return '*'.repeat(key.length);
  const prefix = /^[a-z]{2}_(test|live)_/.exec(key)?.[0] ?? '';
  return `${prefix}${'*'.repeat(key.length - prefix.length - 4)}${key.slice(-4)}`;
}
