import { z } from 'zod';

export const paymentCreatedSchema = z.object({
  id: z.string().min(1),
  orderId: z.string().min(1),
  paymentIntentId: z.string().min(1),
  amount: z.number().int().positive(),
  currency: z.string().length(3),
  /**
   * When Stripe recorded the payment (its charge's `created`): whether it was in time is judged by this, not by when
   * the webhook or this event arrived. Absent on events from before it existed: then the arrival time counts.
   */
  paidAt: z.iso.datetime({ offset: true }).optional(),
});

/** Stripe confirmed the order's PaymentIntent can no longer succeed (cancelled there): orders may release the hold. */
export const paymentCancelledSchema = z.object({
  id: z.string().min(1),
  orderId: z.string().min(1),
  paymentIntentId: z.string().min(1),
});

export const paymentRefundedSchema = z.object({
  id: z.string().min(1),
  orderId: z.string().min(1),
  reason: z.string(),
});

/**
 * A PaymentIntent was created for an order: orders moves it to `awaiting:payment`. Not in the original event
 * table; added because payments may not write orders' documents (domains talk through events only).
 */
export const paymentStartedSchema = z.object({
  id: z.string().min(1),
  orderId: z.string().min(1),
  paymentIntentId: z.string().min(1),
});
