import { BadRequestError, UnavailableError } from '@tickethub/shared';
import type Stripe from 'stripe';
import { z } from 'zod';
import { defineRoute } from '../platform/http/route';
import type { Logger } from '../platform/logger';
import type { Platform } from '../platform/platform';
import type { PaymentsConfig } from './config';
import { handleStripeEvent, type StripeEventOutcome } from './stripe-events';
import { PaymentErrors } from './errors';

/** Stripe's own default: a signature older than this is a replay, not a retry (retries are signed afresh). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const rawBodySchema = z.custom<Buffer>((value) => Buffer.isBuffer(value) && value.length > 0, 'A raw request body is required');

/**
 * The envelope of a Stripe event. Only the id and type are required: an event type payments does not act on must
 * still get its 200, or Stripe keeps retrying it and eventually disables the endpoint.
 */
export const stripeEventSchema = z.object({
  // Stripe's ids are `evt_` and letters; anything else cannot be a document id (think `a/b`) and is not Stripe's.
  id: z.string().regex(/^evt_\w{1,250}$/),
  type: z.string().min(1).max(255),
  data: z.object({ object: z.looseObject({}) }),
});
export type StripeEventSummary = z.infer<typeof stripeEventSchema>;

/**
 * POST /api/payments/webhook: the signature is checked on the exact bytes Stripe sent, before anything is read. A
 * 200 means recorded (also for a duplicate); a 5xx makes Stripe deliver again, which is what a transient failure needs.
 */
export function webhookRoute(platform: Platform<PaymentsConfig>, stripe: Stripe) {
  const handleOnce = coalesce((event: StripeEventSummary, log: Logger) => handleStripeEvent(platform, stripe, event, log));
  return defineRoute({
    method: 'POST',
    path: '/api/payments/webhook',
    access: 'public',
    rawBody: true,
    body: rawBodySchema,
    summary: 'Stripe webhook events (signed)',
    handler: async ({ body, req, log }) => {
      const header = req.headers['stripe-signature'];
      if (typeof header !== 'string' || header.length === 0) throw new BadRequestError('Missing Stripe-Signature header', PaymentErrors.SIGNATURE_MISSING);
      let verified: unknown;
      try {
        verified = stripe.webhooks.constructEvent(body, header, platform.config.STRIPE_WEBHOOK_SECRET, SIGNATURE_TOLERANCE_SECONDS);
      } catch (error) {
        // constructEvent does no I/O: whatever it throws (bad signature, stale timestamp, signed non-JSON) is the
        // request's fault. Which check failed stays in the log: telling a forger is no help to Stripe.
        log.warn('stripe webhook refused', { reason: error instanceof Error ? error.message : String(error) });
        throw new BadRequestError('Invalid Stripe signature', PaymentErrors.SIGNATURE_INVALID);
      }
      const event = stripeEventSchema.safeParse(verified);
      if (!event.success) throw new BadRequestError('Not a Stripe event this endpoint understands', PaymentErrors.EVENT_INVALID);
      const outcome = await handleOnce(event.data, log.child({ stripeEventId: event.data.id, stripeEventType: event.data.type })).catch((error: unknown) => {
        // Lost a race for a contended document: nothing committed, so Stripe's retry is the right answer.
        throw isTransactionContention(error) ? new UnavailableError('Busy, retry', { cause: error }) : error;
      });
      return { status: 200, body: { received: true, outcome } };
    },
  });
}

/**
 * Copies of one event arriving together at this instance wait for the first and answer as duplicates, instead of
 * queueing transactions on the same documents. Across instances the transaction's event record is what counts.
 */
function coalesce(handle: (event: StripeEventSummary, log: Logger) => Promise<StripeEventOutcome>) {
  const inFlight = new Map<string, Promise<StripeEventOutcome>>();
  return (event: StripeEventSummary, log: Logger): Promise<StripeEventOutcome> => {
    const running = inFlight.get(event.id);
    // If the first attempt failed, this copy tries on its own rather than inherit the failure.
    if (running)
      return running.then(
        () => 'duplicate' as const,
        () => handle(event, log),
      );
    const attempt = handle(event, log).finally(() => inFlight.delete(event.id));
    inFlight.set(event.id, attempt);
    return attempt;
  };
}

/** gRPC ABORTED once the client's retries ran out, or a transaction the server closed under lock contention. */
function isTransactionContention(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 10 || (code === 3 && typeof message === 'string' && /transaction is invalid or closed/i.test(message));
}
