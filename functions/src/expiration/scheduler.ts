import type { LocalTaskOptions, LocalTaskQueue } from '../platform/local-tasks';
import type { TaskHopFields } from '../platform/task-horizon';
import type { Platform } from '../platform/platform';
import { fireExpiry } from './fire';

/**
 * The port the expiration domain schedules through: Cloud Tasks in the cloud, in-process timers locally.
 * Both are idempotent per order: scheduling twice makes one task, cancelling an unknown one is fine.
 */
export interface TaskScheduler {
  schedule(orderId: string, runAt: Date): Promise<void>;
  cancel(orderId: string): Promise<void>;
  /** A fired task's body: true when it was a hop toward a task due later (platform/task-horizon.ts), now re-armed. */
  continueHop(body: { orderId: string } & TaskHopFields): Promise<boolean>;
  /** Stops timers (local only); the cloud adapter has nothing to stop. */
  close(): Promise<void>;
}

/** Task names allow [A-Za-z0-9_-]: order ids are uuids, and the prefix keeps the name readable in the console. */
export function taskId(orderId: string): string {
  return `order-${orderId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** Locally the tasks are kept in this collection (platform/local-tasks.ts), one per order, named after it. */
export const LOCAL_TASKS = 'expiration_tasks';

export function localScheduler(queue: LocalTaskQueue): TaskScheduler & Pick<LocalTaskQueue, 'restore'> {
  return {
    schedule: (orderId, runAt) => queue.schedule(orderId, orderId, runAt),
    cancel: (orderId) => queue.cancel(orderId),
    continueHop: (body) => queue.continueHop(body),
    close: () => queue.close(),
    restore: () => queue.restore(),
  };
}

/** The local queue's settings for expiry tasks: one place for the function and its tests. */
export function localExpiryTasks(platform: Platform): LocalTaskOptions {
  return { collection: LOCAL_TASKS, what: 'expiry', fire: (orderId) => fireExpiry(platform, orderId) };
}
