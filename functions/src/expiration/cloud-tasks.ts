import { CloudTasksClient } from '@google-cloud/tasks';
import type { TaskScheduler } from './scheduler';
import { taskId } from './scheduler';

export interface CloudTasksOptions {
  project: string;
  location: string;
  queue: string;
  /** The expiration function's /tasks/expire URL. */
  url: string;
  /** The service account whose OIDC token Cloud Tasks attaches; the function accepts only it. */
  serviceAccountEmail: string;
  /** The audience the function checks (its INTERNAL_AUDIENCE); Cloud Tasks' default would be the full URL. */
  audience: string;
  client?: CloudTasksClient;
}

/** gRPC answers with the status code, the REST transport with the HTTP one: the same outcome either way. */
function isStatus(error: unknown, grpcCode: number, httpCode: number): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === grpcCode || code === httpCode;
}
const alreadyExists = (error: unknown) => isStatus(error, 6, 409);
const notFound = (error: unknown) => isStatus(error, 5, 404);

/** Cloud Tasks adapter: one task per order, named after it, so a redelivered order.created collapses into it. */
export function cloudTasksScheduler(options: CloudTasksOptions): TaskScheduler {
  const client = options.client ?? new CloudTasksClient();
  const name = (orderId: string) => client.taskPath(options.project, options.location, options.queue, taskId(orderId));
  return {
    async schedule(orderId, runAt) {
      try {
        await client.createTask({
          parent: client.queuePath(options.project, options.location, options.queue),
          task: {
            name: name(orderId),
            scheduleTime: { seconds: Math.floor(runAt.getTime() / 1000), nanos: (runAt.getTime() % 1000) * 1e6 },
            httpRequest: {
              url: options.url,
              httpMethod: 'POST',
              headers: { 'content-type': 'application/json' },
              body: Buffer.from(JSON.stringify({ orderId })).toString('base64'),
              oidcToken: { serviceAccountEmail: options.serviceAccountEmail, audience: options.audience },
            },
          },
        });
      } catch (error) {
        if (!alreadyExists(error)) throw error;
      }
    },
    async cancel(orderId) {
      try {
        await client.deleteTask({ name: name(orderId) });
      } catch (error) {
        // Already ran or never existed: either way there is nothing left to cancel.
        if (!notFound(error)) throw error;
      }
    },
    close: async () => {
      await client.close();
    },
  };
}
