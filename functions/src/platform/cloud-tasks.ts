import { CloudTasksClient } from '@google-cloud/tasks';

export interface HttpTaskQueueOptions {
  project: string;
  location: string;
  queue: string;
  /** The function's task endpoint each task POSTs to (expiration's /tasks/expire, payouts' /tasks/release). */
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

/**
 * One Cloud Tasks queue whose tasks POST a JSON body to one URL with an OIDC token. The caller names each task, so
 * asking twice for the same one (a redelivered event) makes one task, and cancelling a task that already ran or never
 * existed leaves nothing to do.
 */
export function httpTaskQueue(options: HttpTaskQueueOptions) {
  const client = options.client ?? new CloudTasksClient();
  const path = (name: string) => client.taskPath(options.project, options.location, options.queue, name);
  return {
    async schedule(name: string, body: unknown, runAt: Date): Promise<void> {
      try {
        await client.createTask({
          parent: client.queuePath(options.project, options.location, options.queue),
          task: {
            name: path(name),
            scheduleTime: { seconds: Math.floor(runAt.getTime() / 1000), nanos: (runAt.getTime() % 1000) * 1e6 },
            httpRequest: {
              url: options.url,
              httpMethod: 'POST',
              headers: { 'content-type': 'application/json' },
              body: Buffer.from(JSON.stringify(body)).toString('base64'),
              oidcToken: { serviceAccountEmail: options.serviceAccountEmail, audience: options.audience },
            },
          },
        });
      } catch (error) {
        if (!alreadyExists(error)) throw error;
      }
    },
    async cancel(name: string): Promise<void> {
      try {
        await client.deleteTask({ name: path(name) });
      } catch (error) {
        if (!notFound(error)) throw error;
      }
    },
    async close(): Promise<void> {
      await client.close();
    },
  };
}
