import { CloudTasksClient } from '@google-cloud/tasks';
import { nextHop, pendingNames, planTask, type TaskHopFields } from './task-horizon';

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
  /** Where the Cloud Tasks API is reached (the rehearsal's stand-in); Google's own endpoint when unset. */
  apiEndpoint?: string;
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
 * existed leaves nothing to do. A task due more than 29 days ahead is created as a hop (task-horizon.ts): Cloud Tasks
 * refuses a schedule_time over 720 h ahead, and the handler that receives a hop passes it to `continueHop`.
 */
export function httpTaskQueue(options: HttpTaskQueueOptions) {
  const client = options.client ?? new CloudTasksClient(clientOptions(options.apiEndpoint));
  const path = (name: string) => client.taskPath(options.project, options.location, options.queue, name);
  const create = async (name: string, body: object, runAt: Date) => {
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
  };
  return {
    async schedule(name: string, body: object, runAt: Date): Promise<void> {
      const task = planTask(name, body, runAt);
      await create(task.name, task.payload, task.runAt);
    },
    /** A fired task's body: when it is a hop, creates the next one and answers true (the work is not due yet). */
    async continueHop(body: TaskHopFields & object): Promise<boolean> {
      const next = nextHop(body);
      if (!next) return false;
      await create(next.name, next.payload, next.runAt);
      return true;
    },
    /** Deletes the task, and the hop it waits under when its due time is given. */
    async cancel(name: string, dueAt?: Date): Promise<void> {
      for (const candidate of pendingNames(name, dueAt)) {
        try {
          await client.deleteTask({ name: path(candidate) });
        } catch (error) {
          if (!notFound(error)) throw error;
        }
      }
    },
    async close(): Promise<void> {
      await client.close();
    },
  };
}

/** http://host:port: the REST transport to that address (the rehearsal's stand-in, which speaks Cloud Tasks' REST API). */
function clientOptions(apiEndpoint: string | undefined): ConstructorParameters<typeof CloudTasksClient>[0] {
  if (!apiEndpoint) return {};
  const url = new URL(apiEndpoint);
  return {
    fallback: true,
    apiEndpoint: url.hostname,
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    protocol: url.protocol.replace(':', ''),
  } as ConstructorParameters<typeof CloudTasksClient>[0];
}
