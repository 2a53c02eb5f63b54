import { z } from 'zod';

/** The seller's share left the platform: a transfer to their connected account (for the "payout sent" e-mail). */
export const payoutPaidSchema = z.object({
  id: z.string().min(1),
  orderId: z.string().min(1),
  sellerId: z.string().min(1),
  net: z.number().int().positive(),
  currency: z.string().length(3),
  transferId: z.string().min(1),
});
