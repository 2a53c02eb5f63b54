import { idempotencyError } from './errors';
import type { FormObject } from './form';

interface Saved {
  endpoint: string;
  fingerprint: string;
  status: number;
  body: string;
  savedAt: number;
}

export interface Replay {
  status: number;
  body: string;
}

// Stripe forgets idempotency keys after 24 hours; a key reused later runs as a new request.
const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_KEY_LENGTH = 255;

/**
 * Stripe's idempotent requests: the first result for a key is saved and replayed for the same endpoint and
 * parameters; the same key with other parameters is an error, never a silent second charge.
 */
export class IdempotencyKeys {
  private readonly saved = new Map<string, Saved>();

  constructor(private readonly ttlMs = DAY_MS) {}

  /** The saved response for this key, or undefined when the request should run. */
  replay(key: string, endpoint: string, form: FormObject): Replay | undefined {
    if (key.length > MAX_KEY_LENGTH) throw idempotencyError(`Idempotency-Key is too long: it may be at most ${MAX_KEY_LENGTH} characters.`);
    this.forgetExpired();
    const saved = this.saved.get(key);
    if (!saved) return undefined;
    const retry = `Try using a key other than '${key}' if you meant to execute a different request.`;
    if (saved.endpoint !== endpoint) {
      throw idempotencyError(
        `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${saved.endpoint}' vs '${endpoint}'). ${retry}`,
      );
    }
    if (saved.fingerprint !== fingerprint(form)) {
      throw idempotencyError(`Keys for idempotent requests can only be used with the same parameters they were first used with. ${retry}`);
    }
    return { status: saved.status, body: saved.body };
  }

  save(key: string, endpoint: string, form: FormObject, status: number, body: string): void {
    this.saved.set(key, { endpoint, fingerprint: fingerprint(form), status, body, savedAt: Date.now() });
  }

  /** Every key, as 24 hours after their first use: a retry after that runs as a new request. */
  forgetAll(): void {
    this.saved.clear();
  }

  private forgetExpired(): void {
    const cutoff = Date.now() - this.ttlMs;
    // A Map iterates in insertion order and entries are never updated, so the oldest come first.
    for (const [key, saved] of this.saved) {
      if (saved.savedAt > cutoff) break;
      this.saved.delete(key);
    }
  }
}

/** Parameters compared by value: the same hash sent with its keys in another order is the same request. */
function fingerprint(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(fingerprint).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${fingerprint(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
