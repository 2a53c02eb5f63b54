import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Stripe-looking ids (`pi_3Nk…`, 24 base-62 characters after the prefix), random so restarts never reuse one. */
export function newId(prefix: string, length = 24): string {
  let id = '';
  while (id.length < length) {
    // 248 is the largest multiple of 62 below 256: skipping higher bytes keeps every character equally likely.
    for (const byte of randomBytes(length)) if (byte < 248 && id.length < length) id += ALPHABET[byte % 62];
  }
  return `${prefix}_${id}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
