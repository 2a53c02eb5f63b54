import { z } from 'zod';
import { commaList, defineEnv, type EnvOf } from '../platform/config';
import type { FunctionConfig } from '../platform/function-config';

/** The auth function's own settings (beside the functions' common config). */
export const authEnv = defineEnv({
  ADMIN_EMAILS: commaList(true),
  SESSION_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(7 * 24 * 3600),
  /** Proxies in front of the function whose X-Forwarded-For entries are believed (the load balancer adds one). */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
});

export type AuthConfig = FunctionConfig & EnvOf<typeof authEnv.shape>;
