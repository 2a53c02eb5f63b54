import { z } from 'zod';
import { isAlreadyExists, storedTimestamp } from './firestore';
import type { Platform } from './platform';

/** A pending, fired or cancelled local task: the order it is about and when it runs. */
export const localTaskSchema = z.object({ taskId: z.string().optional(), orderId: z.string(), runAt: storedTimestamp, state: z.string() });

export interface LocalTaskQueue {
  /** One task per name, however often it is asked for (a redelivered event). */
  schedule(name: string, orderId: string, runAt: Date): Promise<void>;
  cancel(name: string): Promise<void>;
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
 * policy, a firing that fails is tried again a second later.
 */
export function localTaskQueue(platform: Platform, { collection, what, fire }: LocalTaskOptions): LocalTaskQueue {
  const tasks = platform.db.collection(collection);
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let closed = false;

  const run = async (name: string, orderId: string) => {
    timers.delete(name);
    try {
      // Cloud Tasks never runs a deleted task: one cancelled by another instance (or process) is skipped here too.
      if ((await tasks.doc(name).get()).get('state') === 'cancelled') return;
      await fire(orderId);
      await tasks.doc(name).set({ state: 'done' }, { merge: true });
    } catch (error) {
      platform.log.warn(`${what} task failed; retrying`, { taskId: name, orderId, error: String(error) });
      arm(name, orderId, new Date(Date.now() + 1000));
    }
  };
  const arm = (name: string, orderId: string, runAt: Date) => {
    if (closed || timers.has(name)) return;
    const delay = Math.min(Math.max(0, runAt.getTime() - Date.now()), 2 ** 31 - 1);
    const timer = setTimeout(() => {
      const firing = run(name, orderId).finally(() => running.delete(firing));
      running.add(firing);
    }, delay);
    timers.set(name, timer);
  };

  return {
    async schedule(name, orderId, runAt) {
      try {
        await tasks.doc(name).create({ taskId: name, orderId, runAt, state: 'pending' });
      } catch (error) {
        if (!isAlreadyExists(error)) throw error;
        return;
      }
      arm(name, orderId, runAt);
    },
    async cancel(name) {
      clearTimeout(timers.get(name));
      timers.delete(name);
      await tasks.doc(name).set({ state: 'cancelled' }, { merge: true });
    },
    async restore() {
      const pending = await tasks.where('state', '==', 'pending').get();
      for (const doc of pending.docs) {
        const task = localTaskSchema.safeParse(doc.data());
        if (task.success) arm(doc.id, task.data.orderId, task.data.runAt);
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
