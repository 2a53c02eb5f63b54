import { z } from 'zod';

export const orderStatusSchema = z.enum(['created', 'awaiting:payment', 'complete', 'cancelled']);
export const cancelReasonSchema = z.enum(['user', 'expired', 'ticket-withdrawn']);

export const orderCreatedSchema = z.object({
  id: z.string().min(1),
  version: z.number().int().nonnegative(),
  status: orderStatusSchema,
  userId: z.string().min(1),
  expiresAt: z.iso.datetime({ offset: true }),
  ticket: z.object({ id: z.string().min(1), price: z.number().int().positive(), currency: z.string().length(3) }),
});

export const orderCancelledSchema = z.object({
  id: z.string().min(1),
  version: z.number().int().nonnegative(),
  reason: cancelReasonSchema,
  ticket: z.object({ id: z.string().min(1) }),
});

export const orderCompletedSchema = z.object({
  id: z.string().min(1),
  version: z.number().int().nonnegative(),
  ticket: z.object({ id: z.string().min(1) }),
});
export type CancelReason = z.infer<typeof cancelReasonSchema>;
