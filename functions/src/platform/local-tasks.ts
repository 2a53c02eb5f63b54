import { z } from 'zod';
import { isAlreadyExists, isNotFound, storedTimestamp } from './firestore';
import type { Platform } from './platform';
import { nextHop, pendingNames, planTask, type TaskHopFields } from './task-horizon';

/** A pending, fired or cancelled local task: the order it is about and when it runs. */
export const localTaskSchema = z.object({
  taskId: z.string().optional(),
  orderId: z.string(),
  runAt: storedTimestamp,
  state: z.string(),
  // A hop toward a task due more than 29 days ahead (task-horizon.ts): when the task is due, its name, hops left.
  dueAt: storedTimestamp.optional(),
  hopOf: z.string().optional(),
  hop: z.number().optional(),
});
type LocalTask = z.infer<typeof localTaskSchema>;

export interface LocalTaskQueue {
  /** One task per name, however often it is asked for (a redelivered event). */
  schedule(name: string, orderId: string, runAt: Date): Promise<void>;
  /** dueAt: when the task was due, so the hop it waits under goes too. */
  cancel(name: string, dueAt?: Date): Promise<void>;
  /** A fired task's body: true when it was a hop, now followed by the next one (as the cloud adapter does). */
  continueHop(body: { orderId: string } & TaskHopFields): Promise<boolean>;
  /** Re-arms the tasks still pending in Firestore; returns how many. */
  restore(): Promise<number>;
  /** Stops the timers and waits for a firing under way, so the caller may close Firestore after it. */
  close(): Promise<void>;
}

export interface LocalTaskOptions {
  /** The Firestore collection the tasks live in (one per domain). */
  collection: string;
  /** What a task does, for the logs ("expiry", "payout release"). */
  what: string;
  fire: (orderId: string) => Promise<unknown>;
}

/**
 * The local stand-in for Cloud Tasks (no emulator speaks its API), for expiration and payouts alike: tasks are kept
 * in Firestore and armed as timers in this process, so a restart of `npm start` loses none. Like Cloud Tasks' retry
 * policy, a firing that fails is tried again a second later. Like the cloud adapter, a task due more than 29 days
 * ahead is stored as a hop (task-horizon.ts) that, when it fires, stores the next one instead of running the task:
 * no timer is ever armed further ahead than Cloud Tasks would accept, and none runs a task before it is due.
 */
export function localTaskQueue(platform: Platform, { collection, what, fire }: LocalTaskOptions): LocalTaskQueue {
  const tasks = platform.db.collection(collection);
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let closed = false;

  const create = async (name: string, orderId: string, runAt: Date) => {
    const task = planTask(name, { orderId }, runAt);
    const stored: LocalTask = { taskId: task.name, orderId, runAt: task.runAt, state: 'pending', ...hopOf(task.payload) };
    try {
      await tasks.doc(task.name).create(stored);
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      return;
    }
    arm(task.name, stored);
  };
  const continueHop = async (body: { orderId: string } & TaskHopFields) => {
    const next = nextHop(body);
    if (!next) return false;
    const stored: LocalTask = { taskId: next.name, orderId: body.orderId, runAt: next.runAt, state: 'pending', ...hopOf(next.payload) };
    try {
      await tasks.doc(next.name).create(stored);
      arm(next.name, stored);
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
    }
    return true;
  };
  const run = async (name: string, task: LocalTask) => {
    timers.delete(name);
    try {
      // Cloud Tasks never runs a deleted task: one cancelled by another instance (or process) is skipped here too.
      if ((await tasks.doc(name).get()).get('state') === 'cancelled') return;
      const body = { orderId: task.orderId, dueAt: task.dueAt?.toISOString(), hopOf: task.hopOf, hop: task.hop };
      if (!(await continueHop(body))) await fire(task.orderId);
      await tasks.doc(name).set({ state: 'done' }, { merge: true });
    } catch (error) {
      platform.log.warn(`${what} task failed; retrying`, { taskId: name, orderId: task.orderId, error: String(error) });
      arm(name, { ...task, runAt: new Date(Date.now() + 1000) });
    }
  };
  const arm = (name: string, task: LocalTask) => {
    if (closed || timers.has(name)) return;
    const delay = Math.min(Math.max(0, task.runAt.getTime() - Date.now()), 2 ** 31 - 1);
    const timer = setTimeout(() => {
      // A timer cannot wait more than 24.8 days; a task stored further ahead (by hand, or restored) is re-armed, not run.
      if (task.runAt.getTime() > Date.now()) {
        timers.delete(name);
        return arm(name, task);
      }
      const firing = run(name, task).finally(() => running.delete(firing));
      running.add(firing);
    }, delay);
    timers.set(name, timer);
  };

  return {
    schedule: (name, orderId, runAt) => create(name, orderId, runAt),
    continueHop,
    async cancel(name, dueAt) {
      for (const candidate of pendingNames(name, dueAt)) {
        clearTimeout(timers.get(candidate));
        timers.delete(candidate);
        // The task itself is marked even before it exists (a cancel that overtakes the schedule); a hop only if stored.
        if (candidate === name) await tasks.doc(name).set({ state: 'cancelled' }, { merge: true });
        else
          await tasks
            .doc(candidate)
            .update({ state: 'cancelled' })
            .catch((error: unknown) => {
              if (!isNotFound(error)) throw error;
            });
      }
    },
    async restore() {
      const pending = await tasks.where('state', '==', 'pending').get();
      for (const doc of pending.docs) {
        const task = localTaskSchema.safeParse(doc.data());
        if (task.success) arm(doc.id, task.data);
        else platform.log.warn(`${what} task unreadable; not re-armed`, { taskId: doc.id });
      }
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

/** The hop fields of a planned task's payload, stored beside it (none for the task itself). */
function hopOf(payload: object): Pick<LocalTask, 'dueAt' | 'hopOf' | 'hop'> {
  const { dueAt, hopOf: of, hop } = payload as TaskHopFields;
  return dueAt && of && hop ? { dueAt: new Date(dueAt), hopOf: of, hop } : {};
}

/** The queue a function uses when no Cloud Tasks queue is configured: started with the function, stopped with it. */
export function startLocalTaskQueue(platform: Platform, options: LocalTaskOptions): LocalTaskQueue {
  const queue = localTaskQueue(platform, options);
  platform.disposers.push(() => queue.close());
  void queue.restore().then(
    (count) => count > 0 && platform.log.info(`re-armed pending ${options.what} tasks`, { count }),
    (error: unknown) => platform.log.warn(`could not restore ${options.what} tasks`, { error: String(error) }),
  );
  return queue;
}
