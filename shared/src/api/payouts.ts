import { z } from 'zod';

export const payoutStatusSchema = z.enum(['held', 'paid', 'cancelled', 'reversed']);
export type PayoutStatus = z.infer<typeof payoutStatusSchema>;

/**
 * Why a `held` payout has not been paid yet, beyond "its release date has not come": the seller has not finished
 * onboarding, Stripe refused the transfer (it is retried), or a dispute is open (it wins over the others). Null otherwise.
 */
export const payoutHoldReasonSchema = z.enum(['awaiting-release', 'awaiting-onboarding', 'transfer-refused', 'dispute']);
export type PayoutHoldReason = z.infer<typeof payoutHoldReasonSchema>;

/** Amounts are decimal numbers in the payout's currency, like ticket prices. */
export const payoutSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  ticketId: z.string(),
  currency: z.string(),
  gross: z.number(),
  fee: z.number(),
  net: z.number(),
  status: payoutStatusSchema,
  releaseAt: z.string(),
  transferId: z.string().nullable(),
  holdReason: payoutHoldReasonSchema.nullable(),
  /** Stripe's own words when it last refused the transfer. */
  lastError: z.string().nullable(),
  createdAt: z.string(),
});
export type Payout = z.infer<typeof payoutSchema>;

export const payoutListSchema = z.object({ items: z.array(payoutSchema), nextCursor: z.string().nullable() });
export type PayoutList = z.infer<typeof payoutListSchema>;

export const listPayoutsQuerySchema = z.object({
  all: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  limit: z.coerce.number({ error: 'Limit must be a number' }).int().min(1, 'Limit must be 1 to 100').max(100, 'Limit must be 1 to 100').default(20),
  cursor: z
    .string()
    .regex(/^[\w-]{1,200}$/, 'Invalid cursor')
    .optional(),
});

export const accountStatusSchema = z.enum(['none', 'onboarding', 'active', 'restricted']);
export type AccountStatus = z.infer<typeof accountStatusSchema>;

export const payoutAccountSchema = z.object({
  accountId: z.string().nullable(),
  status: accountStatusSchema,
  payoutsEnabled: z.boolean(),
  /** The terms a seller sells under, so the shop can show what they will receive and when. */
  feePercent: z.number(),
  payoutDelaySeconds: z.number().int(),
  /** What the seller owes (a lost dispute), per currency, as decimal numbers; later payouts repay it first. */
  debits: z.array(z.object({ currency: z.string(), amount: z.number() })),
});
export type PayoutAccount = z.infer<typeof payoutAccountSchema>;

export const onboardingSchema = z.object({ accountId: z.string(), status: accountStatusSchema, onboardingUrl: z.string() });
export type Onboarding = z.infer<typeof onboardingSchema>;
