import { z } from 'zod';

export const errorItemSchema = z.object({
  message: z.string(),
  field: z.string().optional(),
  code: z.string().optional(),
});

/** The body of every non-2xx response. */
export const errorEnvelopeSchema = z.object({ errors: z.array(errorItemSchema).min(1) });
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;
