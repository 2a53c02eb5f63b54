import { z } from 'zod';

export const orderStatusSchema = z.enum(['created', 'awaiting:payment', 'complete', 'cancelled', 'refunded']);
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

/**
 * The sale facts ride along (optional: events published before they were added lack them) so that payouts can pay the
 * seller without reading another domain's collections: who sold, for how much, the event's date and the intent paid.
 */
export const orderCompletedSchema = z.object({
  id: z.string().min(1),
  version: z.number().int().nonnegative(),
  ticket: z.object({
    id: z.string().min(1),
    price: z.number().int().positive().optional(),
    currency: z.string().length(3).optional(),
    sellerId: z.string().min(1).optional(),
    eventDate: z.iso.datetime({ offset: true }).optional(),
  }),
  paymentIntentId: z.string().min(1).optional(),
});

/** An admin refunded a complete order in full: payments gives the money back, payouts cancels or reverses the seller's share. */
export const orderRefundedSchema = z.object({
  id: z.string().min(1),
  version: z.number().int().nonnegative(),
  ticket: z.object({ id: z.string().min(1) }),
});
export type CancelReason = z.infer<typeof cancelReasonSchema>;
