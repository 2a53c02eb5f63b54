import { z } from 'zod';

export const paymentCreatedSchema = z.object({
  id: z.string().min(1),
  orderId: z.string().min(1),
  paymentIntentId: z.string().min(1),
  amount: z.number().int().positive(),
  currency: z.string().length(3),
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
