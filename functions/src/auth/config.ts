import { z } from 'zod';
import { clientIpEnv } from '../platform/client-ip';
import { commaList, defineEnv, mergeEnv, type EnvOf } from '../platform/config';
import type { FunctionConfig } from '../platform/function-config';
import { limitSchema } from '../platform/rate-limit';

/** The auth function's own settings (beside the functions' common config). */
export const authEnv = mergeEnv(
  clientIpEnv,
  defineEnv({
    ADMIN_EMAILS: commaList(true),
    SESSION_TTL_SECONDS: z.coerce
      .number()
      .int()
      .positive()
      .default(7 * 24 * 3600),
    /** Abuse limits, each `<max>/<window seconds>`; README "Abuse limits" says why these defaults. */
    RATE_LIMIT_SIGNUPS_PER_IP: limitSchema.prefault('10/3600'),
    RATE_LIMIT_SIGNIN_FAILURES: limitSchema.prefault('10/900'),
  }),
);

export type AuthConfig = FunctionConfig & EnvOf<typeof authEnv.shape>;
