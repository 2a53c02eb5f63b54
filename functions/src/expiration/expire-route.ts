import { z } from 'zod';
import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import { fireExpiry } from './fire';

/** `POST /tasks/expire`: Cloud Tasks (locally the in-process scheduler) calls it at an order's expiresAt. */
export function expireTaskRoute(platform: Platform) {
  return defineRoute({
    method: 'POST',
    path: '/tasks/expire',
    access: 'internal',
    body: z.object({ orderId: z.string().min(1).max(128) }),
    summary: 'Called by Cloud Tasks at expiresAt (internal)',
    handler: async ({ body }) => ({ body: { outcome: await fireExpiry(platform, body.orderId) } }),
  });
}
