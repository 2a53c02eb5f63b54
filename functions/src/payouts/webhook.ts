import { BadRequestError } from '@tickethub/shared';
import { z } from 'zod';
import { defineRoute } from '../platform/http/route';
import { recordAccount } from './account';
import type { PayoutsContext } from './context';
import { PayoutErrors } from './errors';
import { accountOwner, STRIPE_EVENTS } from './store';
import { retrieveAccount } from './stripe-calls';

/** Stripe's default tolerance: an older signature is a replay, not a retry (retries are signed afresh). */
const SIGNATURE_TOLERANCE_SECONDS = 300;

const rawBodySchema = z.custom<Buffer>((value) => Buffer.isBuffer(value) && value.length > 0, 'A raw request body is required');
const connectEventSchema = z.object({
  id: z.string().regex(/^evt_\w{1,250}$/),
  type: z.string().min(1).max(255),
  data: z.object({ object: z.looseObject({ id: z.string().optional() }) }),
});

/**
 * POST /api/payouts/webhook: Connect events, signed with STRIPE_CONNECT_WEBHOOK_SECRET. account.updated only says
 * "look again": the account is re-read from Stripe, so events arriving out of order still end on its real state. It
 * is attached only to the user TicketHub created the account for, never to whoever its metadata names.
 */
export function connectWebhookRoute(ctx: PayoutsContext) {
  const { db } = ctx.platform;
  return defineRoute({
    method: 'POST',
    path: '/api/payouts/webhook',
    access: 'public',
    rawBody: true,
    body: rawBodySchema,
    summary: 'Stripe Connect webhook events (signed)',
    handler: async ({ body, req, log }) => {
      const header = req.headers['stripe-signature'];
      if (typeof header !== 'string' || header.length === 0) throw new BadRequestError('Missing Stripe-Signature header', PayoutErrors.SIGNATURE_MISSING);
      let verified: unknown;
      try {
        verified = ctx.stripe.webhooks.constructEvent(body, header, ctx.settings.connectWebhookSecret, SIGNATURE_TOLERANCE_SECONDS);
      } catch (error) {
        log.warn('connect webhook refused', { reason: error instanceof Error ? error.message : String(error) });
        throw new BadRequestError('Invalid Stripe signature', PayoutErrors.SIGNATURE_INVALID);
      }
      const event = connectEventSchema.safeParse(verified);
      if (!event.success) throw new BadRequestError('Not a Stripe event this endpoint understands', PayoutErrors.EVENT_INVALID);
      const record = db.collection(STRIPE_EVENTS).doc(event.data.id);
      if ((await record.get()).exists) return { body: { received: true, outcome: 'duplicate' } };
      let outcome = 'ignored';
      const accountId = event.data.data.object.id;
      if (event.data.type === 'account.updated' && accountId) {
        const userId = await accountOwner(db, accountId);
        if (userId) {
          const account = await recordAccount(ctx, userId, await retrieveAccount(ctx.stripe, accountId));
          outcome = account.status;
        } else log.warn('account.updated for an account TicketHub did not create: ignored', { accountId });
      }
      // Recorded after the effect: a redelivery in between repeats an idempotent update, never a transfer.
      await record.set({ type: event.data.type, accountId: accountId ?? null, outcome, receivedAt: new Date() });
      return { body: { received: true, outcome } };
    },
  });
}
