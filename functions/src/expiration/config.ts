import { z } from 'zod';
import { defineEnv, type EnvOf } from '../platform/config';
import type { FunctionConfig } from '../platform/function-config';

/**
 * The expiration function's own settings: the Cloud Tasks queue (path parts) and the URL its tasks call. Without
 * them (npm start, tests) expiry runs on in-process timers, which a scaled-to-zero function cannot keep: so
 * production requires them.
 */
export const expirationEnv = defineEnv(
  {
    TASKS_LOCATION: z.string().min(1).optional(),
    TASKS_QUEUE: z.string().min(1).optional(),
    TASKS_SERVICE_ACCOUNT: z.string().min(1).optional(),
    EXPIRATION_TASK_URL: z.url().optional(),
    /** Where the Cloud Tasks API is reached: the rehearsal's stand-in (dev/rehearsal); Google's endpoint when unset. */
    TASKS_API_ENDPOINT: z.url().optional(),
  },
  ['TASKS_LOCATION', 'TASKS_QUEUE', 'TASKS_SERVICE_ACCOUNT', 'EXPIRATION_TASK_URL'],
);

export type ExpirationConfig = FunctionConfig & EnvOf<typeof expirationEnv.shape>;
