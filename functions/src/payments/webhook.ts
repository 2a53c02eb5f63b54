import { BadRequestError } from '@tickethub/shared';
import type Stripe from 'stripe';
import { z } from 'zod';
import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import { handleStripeEvent } from './stripe-events';

/** Stripe's own default: a signature older than this is a replay, not a retry (retries are signed afresh). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const rawBodySchema = z.custom<Buffer>((value) => Buffer.isBuffer(value) && value.length > 0, 'A raw request body is required');

/** The parts of a Stripe event payments reads; the rest of the object is Stripe's business. */
export const stripeEventSchema = z.object({
  id: z.string().min(1).max(255),
  type: z.string().min(1),
  data: z.object({ object: z.object({ id: z.string().min(1), object: z.string(), payment_intent: z.string().nullish() }) }),
});
export type StripeEventSummary = z.infer<typeof stripeEventSchema>;

/**
 * POST /api/payments/webhook: the signature is checked on the exact bytes Stripe sent, before anything is read. A
 * 200 means recorded (also for a duplicate); a 5xx makes Stripe deliver again, which is what a transient failure needs.
 */
export function webhookRoute(platform: Platform, stripe: Stripe) {
  return defineRoute({
    method: 'POST',
    path: '/api/payments/webhook',
    access: 'public',
    rawBody: true,
    body: rawBodySchema,
    summary: 'Stripe webhook events (signed)',
    handler: async ({ body, req, log }) => {
      const header = req.headers['stripe-signature'];
      if (typeof header !== 'string' || header.length === 0) throw new BadRequestError('Missing Stripe-Signature header', 'PAYMENTS.SIGNATURE_MISSING');
      let verified: unknown;
      try {
        verified = stripe.webhooks.constructEvent(body, header, platform.config.STRIPE_WEBHOOK_SECRET, SIGNATURE_TOLERANCE_SECONDS);
      } catch (error) {
        // constructEvent does no I/O: whatever it throws (bad signature, stale timestamp, signed non-JSON) is the
        // request's fault. Which check failed stays in the log: telling a forger is no help to Stripe.
        log.warn('stripe webhook refused', { reason: error instanceof Error ? error.message : String(error) });
        throw new BadRequestError('Invalid Stripe signature', 'PAYMENTS.SIGNATURE_INVALID');
      }
      const event = stripeEventSchema.safeParse(verified);
      if (!event.success) throw new BadRequestError('Not a Stripe event this endpoint understands', 'PAYMENTS.EVENT_INVALID');
      const outcome = await handleStripeEvent(platform, stripe, event.data, log.child({ stripeEventId: event.data.id, stripeEventType: event.data.type }));
      return { status: 200, body: { received: true, outcome } };
    },
  });
}
