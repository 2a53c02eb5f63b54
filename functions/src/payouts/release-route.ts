import { z } from 'zod';
import { defineRoute } from '../platform/http/route';
import type { PayoutsContext } from './context';
import { releasePayout } from './release';

/** `POST /tasks/release`: Cloud Tasks (locally the in-process scheduler) calls it at a payout's releaseAt. */
export function releaseTaskRoute(ctx: PayoutsContext) {
  return defineRoute({
    method: 'POST',
    path: '/tasks/release',
    access: 'internal',
    body: z.object({ orderId: z.string().min(1).max(128) }),
    summary: "Called by Cloud Tasks at a payout's releaseAt (internal)",
    handler: async ({ body }) => ({ body: { outcome: await releasePayout(ctx, body.orderId) } }),
  });
}
