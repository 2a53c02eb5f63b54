import type { HttpFunction } from '@google-cloud/functions-framework';
import { eventsRoute } from '../platform/events';
import { healthRoute } from '../platform/health';
import { startLocalTaskQueue } from '../platform/local-tasks';
import { createHttpFunction } from '../platform/http/handler';
import type { Platform } from '../platform/platform';
import type { ExpirationConfig } from './config';
import { cloudTasksScheduler } from './cloud-tasks';
import { expireTaskRoute } from './expire-route';
import { localExpiryTasks, localScheduler, type TaskScheduler } from './scheduler';

/** Cloud Tasks when a queue is configured (the cloud), in-process timers otherwise (npm start, tests). */
export function schedulerFor(platform: Platform<ExpirationConfig>): TaskScheduler {
  const { config } = platform;
  if (config.TASKS_QUEUE && config.TASKS_LOCATION && config.EXPIRATION_TASK_URL && config.TASKS_SERVICE_ACCOUNT) {
    return cloudTasksScheduler({
      project: config.GOOGLE_CLOUD_PROJECT,
      location: config.TASKS_LOCATION,
      queue: config.TASKS_QUEUE,
      url: config.EXPIRATION_TASK_URL,
      serviceAccountEmail: config.TASKS_SERVICE_ACCOUNT,
      audience: config.INTERNAL_AUDIENCE ?? new URL(config.EXPIRATION_TASK_URL).origin,
      apiEndpoint: config.TASKS_API_ENDPOINT,
    });
  }
  return localScheduler(startLocalTaskQueue(platform, localExpiryTasks(platform)));
}

export function expirationRoutes(platform: Platform, scheduler: TaskScheduler) {
  return [
    // POST /events → ../platform/events.ts, with these consumers:
    eventsRoute(platform, {
      // Scheduling is idempotent per order, so a retried event (or transaction) schedules nothing twice.
      'order.created': async (order) => scheduler.schedule(order.id, new Date(order.expiresAt)),
      // A paid or cancelled order needs no expiry: drop its task rather than fire it for nothing.
      'order.completed': async (order) => scheduler.cancel(order.id),
      'order.cancelled': async (order) => scheduler.cancel(order.id),
    }),
    expireTaskRoute(platform, scheduler), // POST /tasks/expire → expire-route.ts
    healthRoute(platform), // GET /api/health → ../platform/health.ts
  ];
}

/** The `expiration` Cloud Function: schedules and fires order expiry. */
export function createExpirationFunction(platform: Platform<ExpirationConfig>, scheduler: TaskScheduler = schedulerFor(platform)): HttpFunction {
  return createHttpFunction(platform, expirationRoutes(platform, scheduler));
}
