import { z } from 'zod';

export const paymentStatusSchema = z.enum(['pending', 'succeeded', 'failed', 'refunded', 'partially_refunded', 'disputed', 'cancelled']);
export type PaymentStatus = z.infer<typeof paymentStatusSchema>;

export const createPaymentBodySchema = z.strictObject({ orderId: z.string({ error: 'orderId is required' }).min(1, 'orderId is required').max(128) });

/** Amounts are integer minor units here, as Stripe has them. */
export const paymentSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  paymentIntentId: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  status: paymentStatusSchema,
  /** What went back to the buyer so far, in the same units as `amount`. */
  refundedAmount: z.number().int(),
  createdAt: z.string(),
});
export type Payment = z.infer<typeof paymentSchema>;

export const createPaymentResponseSchema = paymentSchema.omit({ createdAt: true }).extend({ clientSecret: z.string() });
export type CreatePaymentResponse = z.infer<typeof createPaymentResponseSchema>;

export const listPaymentsQuerySchema = z.object({ orderId: z.string({ error: 'orderId is required' }).min(1).max(128) });
export const paymentListSchema = z.object({ items: z.array(paymentSchema) });
export type PaymentList = z.infer<typeof paymentListSchema>;
