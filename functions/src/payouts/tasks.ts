import { httpTaskQueue, type HttpTaskQueueOptions } from '../platform/cloud-tasks';
import { isAlreadyExists } from '../platform/firestore';
import type { Platform } from '../platform/platform';

/** Schedules "release this order's payout at runAt", once per task id however often it is asked. */
export interface ReleaseTasks {
  schedule(taskId: string, orderId: string, runAt: Date): Promise<void>;
  cancel(taskId: string): Promise<void>;
  close(): Promise<void>;
}

export type FireRelease = (orderId: string) => Promise<unknown>;

/** Cloud Tasks: a task named after the payout; asking again for it (a redelivered event) makes no second one. */
export function cloudReleaseTasks(options: HttpTaskQueueOptions): ReleaseTasks {
  const queue = httpTaskQueue(options);
  return {
    schedule: (taskId, orderId, runAt) => queue.schedule(taskId, { orderId }, runAt),
    cancel: (taskId) => queue.cancel(taskId),
    close: () => queue.close(),
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
        if (!isAlreadyExists(error)) throw error; // one task per name
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
