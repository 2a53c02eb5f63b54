import { defineEnv, mergeEnv, type EnvOf } from '../platform/config';
import type { FunctionConfig } from '../platform/function-config';
import { limitSchema } from '../platform/rate-limit';
import { storageBucketRequired } from '../platform/storage/config';

/** The tickets function's own settings: it keeps ticket files, so production needs the bucket. */
export const ticketsEnv = mergeEnv(
  storageBucketRequired,
  defineEnv({
    /**
     * Listing creations and edits per seller (`<max>/<window seconds>`): each one publishes an event into the stream
     * every domain shares, so one seller's script must not be able to fill it (README "Abuse limits").
     */
    RATE_LIMIT_LISTING_WRITES_PER_USER: limitSchema.prefault('60/60'),
  }),
);

export type TicketsConfig = FunctionConfig & EnvOf<typeof ticketsEnv.shape>;
