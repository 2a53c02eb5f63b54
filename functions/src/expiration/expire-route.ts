import { z } from 'zod';
import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import { taskHopFields } from '../platform/task-horizon';
import { fireExpiry } from './fire';
import type { TaskScheduler } from './scheduler';

/** `POST /tasks/expire`: Cloud Tasks (locally the in-process scheduler) calls it at an order's expiresAt. */
export function expireTaskRoute(platform: Platform, scheduler: Pick<TaskScheduler, 'continueHop'>) {
  return defineRoute({
    method: 'POST',
    path: '/tasks/expire',
    access: 'internal',
    body: z.object({ orderId: z.string().min(1).max(128), ...taskHopFields }),
    summary: 'Called by Cloud Tasks at expiresAt (internal)',
    // A hop toward an expiry more than 29 days ahead only re-arms (platform/task-horizon.ts).
    handler: async ({ body }) => ({ body: { outcome: (await scheduler.continueHop(body)) ? 'rearmed' : await fireExpiry(platform, body.orderId) } }),
  });
}
