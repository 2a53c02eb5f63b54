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
