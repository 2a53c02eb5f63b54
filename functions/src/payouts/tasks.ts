import { httpTaskQueue, type HttpTaskQueueOptions } from '../platform/cloud-tasks';
import { localTaskQueue, type LocalTaskOptions, type LocalTaskQueue } from '../platform/local-tasks';
import type { Platform } from '../platform/platform';
import type { TaskHopFields } from '../platform/task-horizon';

/** Schedules "release this order's payout at runAt", once per task id however often it is asked. */
export interface ReleaseTasks {
  schedule(taskId: string, orderId: string, runAt: Date): Promise<void>;
  /** dueAt: when the task was due, so the hop it waits under (platform/task-horizon.ts) goes too. */
  cancel(taskId: string, dueAt?: Date): Promise<void>;
  /** A fired task's body: true when it was a hop toward a release due later, now re-armed. */
  continueHop(body: { orderId: string } & TaskHopFields): Promise<boolean>;
  close(): Promise<void>;
}

export type FireRelease = (orderId: string) => Promise<unknown>;

/** Cloud Tasks: a task named after the payout; asking again for it (a redelivered event) makes no second one. */
export function cloudReleaseTasks(options: HttpTaskQueueOptions): ReleaseTasks {
  const queue = httpTaskQueue(options);
  return {
    schedule: (taskId, orderId, runAt) => queue.schedule(taskId, { orderId }, runAt),
    cancel: (taskId, dueAt) => queue.cancel(taskId, dueAt),
    continueHop: (body) => queue.continueHop(body),
    close: () => queue.close(),
  };
}

export const LOCAL_RELEASE_TASKS = 'payouts_tasks';

/** Locally (platform/local-tasks.ts): the same named tasks, kept in Firestore and fired by this process. */
export function localReleaseTasks(platform: Platform, fire: FireRelease): ReleaseTasks & Pick<LocalTaskQueue, 'restore'> {
  return localTaskQueue(platform, localReleaseTaskOptions(fire));
}

/** The local queue's settings for payout releases: one place for the function and its tests. */
export function localReleaseTaskOptions(fire: FireRelease): LocalTaskOptions {
  return { collection: LOCAL_RELEASE_TASKS, what: 'payout release', fire };
}
