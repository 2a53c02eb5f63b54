import { z } from 'zod';
import { defineRoute } from '../platform/http/route';
import { taskHopFields } from '../platform/task-horizon';
import type { PayoutsContext } from './context';
import { releasePayout } from './release';

/** `POST /tasks/release`: Cloud Tasks (locally the in-process scheduler) calls it at a payout's releaseAt. */
export function releaseTaskRoute(ctx: PayoutsContext) {
  return defineRoute({
    method: 'POST',
    path: '/tasks/release',
    access: 'internal',
    body: z.object({ orderId: z.string().min(1).max(128), ...taskHopFields }),
    summary: "Called by Cloud Tasks at a payout's releaseAt (internal)",
    // A hop toward a release more than 29 days ahead only re-arms (platform/task-horizon.ts).
    handler: async ({ body }) => ({ body: { outcome: (await ctx.tasks.continueHop(body)) ? 'rearmed' : await releasePayout(ctx, body.orderId) } }),
  });
}
