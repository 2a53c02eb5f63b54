import type { Platform } from '../platform/platform';
import { fireExpiry } from './fire';
import type { TaskScheduler } from './scheduler';

export const LOCAL_TASKS = 'expiration_tasks';

interface LocalTask {
  orderId: string;
  runAt: Date;
  state: 'pending' | 'done' | 'cancelled';
}

/**
 * The local stand-in for Cloud Tasks (no emulator speaks its API): pending tasks are kept in Firestore and
 * re-armed when the process starts, so a restart of `npm start` loses no expiry.
 */
export function localScheduler(platform: Platform): TaskScheduler & { restore(): Promise<number> } {
  const tasks = platform.db.collection(LOCAL_TASKS);
  const timers = new Map<string, NodeJS.Timeout>();
  let closed = false;

  const running = new Set<Promise<void>>();
  const run = async (orderId: string) => {
    timers.delete(orderId);
    try {
      await fireExpiry(platform, orderId);
      await tasks.doc(orderId).update({ state: 'done' });
    } catch (error) {
      // Like Cloud Tasks' retry policy: try again shortly; the order still reads as expired meanwhile.
      platform.log.warn('expiry task failed; retrying', { orderId, error: String(error) });
      if (!closed) arm(orderId, new Date(Date.now() + 1000));
    }
  };
  const arm = (orderId: string, runAt: Date) => {
    if (closed || timers.has(orderId)) return;
    const delay = Math.min(Math.max(0, runAt.getTime() - Date.now()), 2 ** 31 - 1);
    timers.set(
      orderId,
      setTimeout(() => {
        const firing = run(orderId).finally(() => running.delete(firing));
        running.add(firing);
      }, delay),
    );
  };

  return {
    async schedule(orderId, runAt) {
      const task: LocalTask = { orderId, runAt, state: 'pending' };
      try {
        await tasks.doc(orderId).create(task);
      } catch (error) {
        if ((error as { code?: number }).code !== 6) throw error; // ALREADY_EXISTS: one task per order
        return;
      }
      arm(orderId, runAt);
    },
    async cancel(orderId) {
      clearTimeout(timers.get(orderId));
      timers.delete(orderId);
      await tasks.doc(orderId).set({ state: 'cancelled' }, { merge: true });
    },
    async restore() {
      const pending = await tasks.where('state', '==', 'pending').get();
      for (const doc of pending.docs) arm(doc.id, doc.data().runAt.toDate());
      return pending.size;
    },
    async close() {
      closed = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      // A firing already under way finishes before the caller closes the Firestore client under it.
      await Promise.all(running);
    },
  };
}
