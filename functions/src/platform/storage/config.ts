import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/** Storage's own settings: STORAGE_BUCKET selects Cloud Storage; without it files stay in a local directory. */
export const storageEnvSchema = z.object({
  STORAGE_BUCKET: z.string().min(3).optional(),
  LOCAL_STORAGE_DIR: z.string().min(1).default(join(tmpdir(), 'tickethub-files')),
});
export type StorageEnv = z.infer<typeof storageEnvSchema>;

export function loadStorageEnv(source: NodeJS.ProcessEnv = process.env): StorageEnv {
  return storageEnvSchema.parse(source);
}
