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

/** The payment was refunded in full, wherever the refund was made (our API, an admin, Stripe's Dashboard). */
export const paymentRefundedSchema = z.object({
  id: z.string().min(1),
  orderId: z.string().min(1),
  reason: z.string(),
  /** Everything refunded, in our minor units (the whole amount). Absent on events from before it existed. */
  refundedAmount: z.number().int().positive().optional(),
  currency: z.string().length(3).optional(),
});

/**
 * Part of the payment went back. `refundedAmount` is the total refunded so far (our minor units), never one refund's
 * amount: a total only grows, so applying the largest one heard is right whatever order the events arrive in.
 */
export const paymentPartiallyRefundedSchema = z.object({
  id: z.string().min(1),
  orderId: z.string().min(1),
  refundedAmount: z.number().int().positive(),
  currency: z.string().length(3),
});

export const disputeOutcomeSchema = z.enum(['won', 'lost']);

/** The buyer's bank opened a dispute (chargeback) on the payment: the money is held until it closes. */
export const paymentDisputedSchema = z.object({
  id: z.string().min(1),
  orderId: z.string().min(1),
  disputeId: z.string().min(1),
  /** Disputed, in our minor units. */
  amount: z.number().int().positive(),
  currency: z.string().length(3),
  reason: z.string(),
});

/**
 * The dispute closed. It may arrive before its payment.disputed (another consumer, another lane): a closed dispute is
 * final, and an opening heard afterwards for the same dispute changes nothing.
 */
export const paymentDisputeClosedSchema = paymentDisputedSchema.extend({ status: disputeOutcomeSchema });

/**
 * A PaymentIntent was created for an order: orders moves it to `awaiting:payment`. Not in the original event
 * table; added because payments may not write orders' documents (domains talk through events only).
 */
export const paymentStartedSchema = z.object({
  id: z.string().min(1),
  orderId: z.string().min(1),
  paymentIntentId: z.string().min(1),
});
