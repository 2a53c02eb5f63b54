import { z } from 'zod';

/**
 * A user signed up. Notifications keeps the address (it sends every e-mail) and mails the verification link;
 * the token travels only on the internal bus, auth keeps just its hash.
 */
export const userCreatedSchema = z.object({
  id: z.string().min(1),
  email: z.string().min(3),
  verificationToken: z.string().min(16).nullable(),
});
