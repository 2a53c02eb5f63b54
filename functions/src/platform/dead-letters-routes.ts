import { NotFoundError, deadLetterListSchema, type DeadLetterView } from '@tickethub/shared';
import { z } from 'zod';
import { createDeadLetters, type DeadLetter } from './dead-letters';
import { defineRoute } from './http/route';
import type { Platform } from './platform';

function view(letter: DeadLetter): DeadLetterView {
  return {
    id: letter.id,
    domain: letter.domain,
    subject: letter.subject,
    eventId: letter.eventId,
    reason: letter.reason,
    attempts: letter.attempts,
    replays: letter.replays,
    publishedAt: letter.publishedAt?.toISOString() ?? null,
    deadAt: letter.deadAt.toISOString(),
    event: letter.body,
  };
}

const idParams = z.object({ id: z.string().min(1).max(500) });

/**
 * The admin API over the bridge's dead letters (platform-level, served by the auth function, which owns admin
 * identity): list them, send one back to its domain, or drop it. Same operations as `npm run dlq`.
 */
export function deadLetterRoutes(platform: Platform) {
  const deadLetters = createDeadLetters(platform.db);
  return [
    // GET /api/admin/dead-letters → list, newest first
    defineRoute({
      method: 'GET',
      path: '/api/admin/dead-letters',
      access: 'admin',
      summary: 'Events the bridge could not deliver (admin)',
      response: deadLetterListSchema,
      handler: async () => {
        const [items, total] = await Promise.all([deadLetters.list(200), deadLetters.count()]);
        return { body: { items: items.map(view), total } };
      },
    }),
    // POST /api/admin/dead-letters/:id/replay → 202, the bridge delivers it again to its domain
    defineRoute({
      method: 'POST',
      path: '/api/admin/dead-letters/:id/replay',
      access: 'admin',
      params: idParams,
      summary: 'Send a dead letter back to its domain (admin)',
      handler: async ({ params }) => {
        const letter = await deadLetters.get(params.id);
        if (!letter) throw new NotFoundError('No such dead letter', 'EVENTS.DEAD_LETTER_NOT_FOUND');
        await deadLetters.replay(platform.nats, letter);
        return { status: 202, body: { replayed: letter.id } };
      },
    }),
    // DELETE /api/admin/dead-letters/:id → 204, forgotten for good
    defineRoute({
      method: 'DELETE',
      path: '/api/admin/dead-letters/:id',
      access: 'admin',
      params: idParams,
      summary: 'Drop a dead letter (admin)',
      handler: async ({ params }) => {
        if (!(await deadLetters.drop(params.id))) throw new NotFoundError('No such dead letter', 'EVENTS.DEAD_LETTER_NOT_FOUND');
        return { status: 204 };
      },
    }),
  ];
}
