import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FileStorage } from './storage';

/** Where the tickets function serves local files: the signature stands in for Cloud Storage's V4 signature. */
export const LOCAL_FILES_PATH = '/api/tickets/files';

const KEY_PATTERN = /^[\w-]+\/[\w-]+\.pdf$/;

function sign(secret: string, key: string, expires: number): string {
  return createHmac('sha256', secret).update(`${key}\n${expires}`).digest('base64url');
}

/**
 * Locally: files in a directory, downloaded through `GET /api/tickets/files/<key>?expires=&signature=`, an HMAC
 * over the key and the expiry, so a URL works without a session, for a few minutes, for that one file.
 */
export function createLocalStorage(
  dir: string,
  secret: string,
  now: () => number = Date.now,
): FileStorage & { verify(key: string, expires: string, signature: string): boolean } {
  const pathOf = (key: string) => {
    if (!KEY_PATTERN.test(key)) throw new Error(`Invalid storage key ${key}`);
    return join(dir, key);
  };
  return {
    kind: 'local',
    async save(key, data) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, data);
    },
    async read(key) {
      try {
        return await readFile(pathOf(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async signedUrl(key, ttlSeconds) {
      const expires = Math.floor(now() / 1000) + ttlSeconds;
      return `${LOCAL_FILES_PATH}/${key.replace('/', '~')}?expires=${expires}&signature=${sign(secret, key, expires)}`;
    },
    verify(key, expires, signature) {
      if (!KEY_PATTERN.test(key) || !/^\d{1,12}$/.test(expires)) return false;
      if (Number(expires) < Math.floor(now() / 1000)) return false;
      const expected = Buffer.from(sign(secret, key, Number(expires)));
      const given = Buffer.from(signature);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}
