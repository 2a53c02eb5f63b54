import { z } from 'zod';
import { clientIpEnv } from '../platform/client-ip';
import { defineEnv, mergeEnv, type EnvOf } from '../platform/config';
import type { FunctionConfig } from '../platform/function-config';
import { limitSchema } from '../platform/rate-limit';
import { storageBucketRequired } from '../platform/storage/config';

/** The orders function's own settings (beside the functions' common config). */
export const ordersEnv = mergeEnv(
  mergeEnv(clientIpEnv, storageBucketRequired),
  defineEnv({
    /** How long a reservation holds its ticket before expiration releases it. */
    ORDER_EXPIRATION_SECONDS: z.coerce.number().int().positive().default(900),
    /** Reservation attempts, each `<max>/<window seconds>`; README "Abuse limits" says why these defaults. */
    RATE_LIMIT_RESERVATIONS_PER_USER: limitSchema.prefault('30/3600'),
    RATE_LIMIT_RESERVATIONS_PER_IP: limitSchema.prefault('120/3600'),
  }),
);

export type OrdersConfig = FunctionConfig & EnvOf<typeof ordersEnv.shape>;
