import type { Platform } from './platform';
import { defineRoute } from './http/route';

const CHECK_TIMEOUT_MS = 2000;

async function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export type PartStatus = 'ok' | 'down';

export async function checkHealth(platform: Platform): Promise<{ status: 'ok' | 'degraded'; firestore: PartStatus; nats: PartStatus }> {
  const [firestore, nats] = await Promise.all([
    within(platform.db.collection('health').limit(1).get(), CHECK_TIMEOUT_MS).then(
      () => 'ok' as const,
      () => 'down' as const,
    ),
    within(
      platform.nats.connection().then((nc) => nc.flush()),
      CHECK_TIMEOUT_MS,
    ).then(
      () => 'ok' as const,
      () => 'down' as const,
    ),
  ]);
  return { status: firestore === 'ok' && nats === 'ok' ? 'ok' : 'degraded', firestore, nats };
}

/** `GET /api/health`: 200 when Firestore and NATS answer, 503 naming the part that does not. */
export function healthRoute(platform: Platform) {
  return defineRoute({
    method: 'GET',
    path: '/api/health',
    access: 'public',
    summary: 'Liveness of the function and its dependencies',
    handler: async () => {
      const health = await checkHealth(platform);
      return { status: health.status === 'ok' ? 200 : 503, body: health };
    },
  });
}
