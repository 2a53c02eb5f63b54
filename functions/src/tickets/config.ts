import { defineEnv, mergeEnv, type EnvOf } from '../platform/config';
import type { FunctionConfig } from '../platform/function-config';
import { storageBucketRequired } from '../platform/storage/config';

/** The tickets function's own settings: it keeps ticket files, so production needs the bucket. */
export const ticketsEnv = mergeEnv(storageBucketRequired, defineEnv({}));

export type TicketsConfig = FunctionConfig & EnvOf<typeof ticketsEnv.shape>;
