import { httpTaskQueue, type HttpTaskQueueOptions } from '../platform/cloud-tasks';
import type { TaskScheduler } from './scheduler';
import { taskId } from './scheduler';

/** Cloud Tasks adapter: one task per order, named after it, so a redelivered order.created collapses into it. */
export function cloudTasksScheduler(options: HttpTaskQueueOptions): TaskScheduler {
  const queue = httpTaskQueue(options);
  return {
    schedule: (orderId, runAt) => queue.schedule(taskId(orderId), { orderId }, runAt),
    cancel: (orderId) => queue.cancel(taskId(orderId)),
    continueHop: (body) => queue.continueHop(body),
    close: () => queue.close(),
  };
}
