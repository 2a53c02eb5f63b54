import { z } from 'zod';
import { defineEnv, type EnvOf } from '../platform/config';
import type { FunctionConfig } from '../platform/function-config';

/** The orders function's own settings (beside the functions' common config). */
export const ordersEnv = defineEnv({
  /** How long a reservation holds its ticket before expiration releases it. */
  ORDER_EXPIRATION_SECONDS: z.coerce.number().int().positive().default(900),
});

export type OrdersConfig = FunctionConfig & EnvOf<typeof ordersEnv.shape>;
