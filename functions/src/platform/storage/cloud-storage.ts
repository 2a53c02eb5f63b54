import { Storage } from '@google-cloud/storage';
import type { FileStorage } from './storage';

/**
 * The bucket is private (uniform access, public access prevention): files leave it only through V4 signed URLs,
 * which the function's service account signs with iam.serviceAccounts.signBlob (no key file).
 */
export function createCloudStorage(bucketName: string): FileStorage {
  const bucket = new Storage().bucket(bucketName);
  return {
    kind: 'cloud-storage',
    async save(key, data, contentType) {
      await bucket.file(key).save(data, { contentType, resumable: false, metadata: { cacheControl: 'private, no-store' } });
    },
    async read(key) {
      const file = bucket.file(key);
      const [exists] = await file.exists();
      if (!exists) return null;
      const [data] = await file.download();
      return data;
    },
    async signedUrl(key, ttlSeconds) {
      const [url] = await bucket.file(key).getSignedUrl({ version: 'v4', action: 'read', expires: Date.now() + ttlSeconds * 1000 });
      return url;
    },
  };
}
