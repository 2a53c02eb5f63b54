import { CloudTasksClient } from '@google-cloud/tasks';
import type { Platform } from '../platform/platform';

/** Schedules "release this order's payout at runAt", once per task id however often it is asked. */
export interface ReleaseTasks {
  schedule(taskId: string, orderId: string, runAt: Date): Promise<void>;
  cancel(taskId: string): Promise<void>;
  close(): Promise<void>;
}

export type FireRelease = (orderId: string) => Promise<unknown>;

export interface CloudReleaseTasksOptions {
  project: string;
  location: string;
  queue: string;
  /** The payouts function's /tasks/release URL. */
  url: string;
  serviceAccountEmail: string;
  audience: string;
  client?: CloudTasksClient;
}

const codeOf = (error: unknown) => (error as { code?: unknown } | null)?.code;

/** Cloud Tasks: a task named after the payout; ALREADY_EXISTS means a redelivered event asked again. */
export function cloudReleaseTasks(options: CloudReleaseTasksOptions): ReleaseTasks {
  const client = options.client ?? new CloudTasksClient();
  const name = (taskId: string) => client.taskPath(options.project, options.location, options.queue, taskId);
  return {
    async schedule(taskId, orderId, runAt) {
      try {
        await client.createTask({
          parent: client.queuePath(options.project, options.location, options.queue),
          task: {
            name: name(taskId),
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
        if (codeOf(error) !== 6 && codeOf(error) !== 409) throw error;
      }
    },
    async cancel(taskId) {
      try {
        await client.deleteTask({ name: name(taskId) });
      } catch (error) {
        if (codeOf(error) !== 5 && codeOf(error) !== 404) throw error;
      }
    },
    close: async () => {
      await client.close();
    },
  };
}

export const LOCAL_RELEASE_TASKS = 'payouts_tasks';

/**
 * The local stand-in for Cloud Tasks (as expiration's): pending tasks live in Firestore and are re-armed when the
 * process starts, so restarting `npm start` loses no release. A failed firing is retried a second later.
 */
export function localReleaseTasks(platform: Platform, fire: FireRelease): ReleaseTasks & { restore(): Promise<number> } {
  const tasks = platform.db.collection(LOCAL_RELEASE_TASKS);
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let closed = false;
  const run = async (taskId: string, orderId: string) => {
    timers.delete(taskId);
    try {
      await fire(orderId);
      await tasks.doc(taskId).set({ state: 'done' }, { merge: true });
    } catch (error) {
      platform.log.warn('payout release task failed; retrying', { taskId, orderId, error: String(error) });
      arm(taskId, orderId, new Date(Date.now() + 1000));
    }
  };
  const arm = (taskId: string, orderId: string, runAt: Date) => {
    if (closed || timers.has(taskId)) return;
    const delay = Math.min(Math.max(0, runAt.getTime() - Date.now()), 2 ** 31 - 1);
    const timer = setTimeout(() => {
      const firing = run(taskId, orderId).finally(() => running.delete(firing));
      running.add(firing);
    }, delay);
    timers.set(taskId, timer);
  };
  return {
    async schedule(taskId, orderId, runAt) {
      try {
        await tasks.doc(taskId).create({ taskId, orderId, runAt, state: 'pending' });
      } catch (error) {
        if (codeOf(error) !== 6) throw error; // ALREADY_EXISTS: one task per name
        return;
      }
      arm(taskId, orderId, runAt);
    },
    async cancel(taskId) {
      clearTimeout(timers.get(taskId));
      timers.delete(taskId);
      await tasks.doc(taskId).set({ state: 'cancelled' }, { merge: true });
    },
    async restore() {
      const pending = await tasks.where('state', '==', 'pending').get();
      for (const doc of pending.docs) arm(doc.id, doc.data().orderId as string, doc.data().runAt.toDate() as Date);
      return pending.size;
    },
    async close() {
      closed = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await Promise.all(running);
    },
  };
}
