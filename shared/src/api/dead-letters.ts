import { z } from 'zod';

/** One dead letter as the admin API shows it: the event that could not be delivered, and why. */
export const deadLetterViewSchema = z.object({
  id: z.string(),
  domain: z.string(),
  subject: z.string(),
  eventId: z.string(),
  reason: z.string(),
  attempts: z.number().int(),
  replays: z.number().int(),
  publishedAt: z.string().nullable(),
  deadAt: z.string(),
  event: z.string(),
});
export type DeadLetterView = z.infer<typeof deadLetterViewSchema>;

export const deadLetterListSchema = z.object({ items: z.array(deadLetterViewSchema), total: z.number().int() });
export type DeadLetterList = z.infer<typeof deadLetterListSchema>;
