import type { Platform } from './platform';
import { createDeadLetters } from './dead-letters';
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

export interface Health {
  status: 'ok' | 'degraded';
  firestore: PartStatus;
  nats: PartStatus;
  /** Events the bridge could not deliver, waiting for an operator (`npm run dlq`); null while Firestore is down. */
  deadLetters: number | null;
}

export async function checkHealth(platform: Platform): Promise<Health> {
  // The dead-letter count is the Firestore check: one aggregation round trip proves the database answers.
  const [deadLetters, nats] = await Promise.all([
    within(createDeadLetters(platform.db).count(), CHECK_TIMEOUT_MS).catch(() => null),
    within(
      platform.nats.connection().then((nc) => nc.flush()),
      CHECK_TIMEOUT_MS,
    ).then(
      () => 'ok' as const,
      () => 'down' as const,
    ),
  ]);
  const firestore: PartStatus = deadLetters === null ? 'down' : 'ok';
  return { status: firestore === 'ok' && nats === 'ok' ? 'ok' : 'degraded', firestore, nats, deadLetters };
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
