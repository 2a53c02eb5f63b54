import { z } from 'zod';

/** A CloudEvents 1.0 JSON envelope; `type` is the subject without the `tickethub.` prefix. */
export const eventEnvelopeSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().min(1),
  time: z.iso.datetime({ offset: true }),
  datacontenttype: z.literal('application/json'),
  data: z.unknown(),
});
export type EventEnvelope<T = unknown> = Omit<z.infer<typeof eventEnvelopeSchema>, 'data'> & { data: T };

export const STREAM_NAME = 'TICKETHUB';
export const SUBJECT_PREFIX = 'tickethub.';

export function natsSubject(type: string): string {
  return `${SUBJECT_PREFIX}${type}`;
}

export function deadLetterSubject(domain: string): string {
  return `${SUBJECT_PREFIX}dlq.${domain}`;
}
