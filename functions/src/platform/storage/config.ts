import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { defineEnv, type EnvOf } from '../config';

/**
 * Storage's own settings, part of every function's config (platform.ts builds the storage): STORAGE_BUCKET selects
 * Cloud Storage; without it files stay in a local directory. The domains that keep files (tickets, orders,
 * notifications) require the bucket in production in their own schemas.
 */
export const storageEnv = defineEnv({
  STORAGE_BUCKET: z.string().min(3).optional(),
  LOCAL_STORAGE_DIR: z.string().min(1).default(join(tmpdir(), 'tickethub-files')),
});
export type StorageEnv = EnvOf<typeof storageEnv.shape>;

/** The bucket, required in production by a domain that stores files. */
export const storageBucketRequired = defineEnv({ STORAGE_BUCKET: storageEnv.shape.STORAGE_BUCKET }, ['STORAGE_BUCKET']);
