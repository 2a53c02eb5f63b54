import { createCloudStorage } from './cloud-storage';
import type { StorageEnv } from './config';
import { createLocalStorage } from './local-storage';
import type { FileStorage } from './storage';

export type { FileStorage } from './storage';
export { SIGNED_URL_TTL_SECONDS, ticketFileKey } from './storage';

export type LocalFileStorage = ReturnType<typeof createLocalStorage>;

/** Cloud Storage when a bucket is configured, else the local directory (signed with the internal secret). */
export function createFileStorage(env: StorageEnv, localSecret: string): FileStorage {
  return env.STORAGE_BUCKET ? createCloudStorage(env.STORAGE_BUCKET) : createLocalStorage(env.LOCAL_STORAGE_DIR, localSecret);
}

export function isLocalStorage(storage: FileStorage): storage is LocalFileStorage {
  return storage.kind === 'local';
}
