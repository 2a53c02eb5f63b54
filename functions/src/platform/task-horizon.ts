import { z } from 'zod';

/**
 * Cloud Tasks refuses a task whose schedule_time is more than 720 hours (30 days) ahead (INVALID_ARGUMENT). A task due
 * later (a payout released after an event months away) is reached in hops of at most 29 days: each hop is a task of its
 * own that carries the real due time and, when it fires, creates the next hop instead of doing the work; the last one is
 * the task itself, under its own name, at its own time. The cloud adapter (cloud-tasks.ts) and the local queue
 * (local-tasks.ts) both hop, so neither refuses a far task nor runs one early.
 */
export const CLOUD_TASKS_MAX_AHEAD_MS = 720 * 3_600_000;
export const MAX_HOP_MS = 29 * 24 * 3_600_000;

/** What a hop's payload carries besides the task's own: when the task is due, its name, and how many hops remain. */
export const taskHopFields = {
  dueAt: z.iso.datetime().optional(),
  hopOf: z.string().min(1).max(400).optional(),
  hop: z.number().int().positive().optional(),
};
export type TaskHopFields = z.infer<z.ZodObject<typeof taskHopFields>>;

/** One task to create: its name, when it runs, and its payload. */
export interface PlannedTask<P> {
  name: string;
  runAt: Date;
  payload: P | (P & Required<TaskHopFields>);
}

/**
 * The task to create now for a task `name` due at `dueAt`: itself when it is at most 29 days ahead, else the hop that
 * leaves a whole number of 29-day hops before it (`<name>-hop<k>`, at dueAt − k·29 days). Hop names and times depend on
 * the due time only, so asking again (a redelivered event, a retried handler) asks for the same task.
 */
export function planTask<P extends object>(name: string, payload: P, dueAt: Date, now = Date.now(), atMost = Infinity): PlannedTask<P> {
  const ahead = dueAt.getTime() - now;
  const hops = Math.min(Math.max(0, Math.ceil(ahead / MAX_HOP_MS) - 1), atMost);
  if (hops === 0) return { name, runAt: dueAt, payload };
  return {
    name: `${name}-hop${hops}`,
    runAt: new Date(dueAt.getTime() - hops * MAX_HOP_MS),
    payload: { ...payload, dueAt: dueAt.toISOString(), hopOf: name, hop: hops },
  };
}

/**
 * A task that fired: when it is a hop, the next task toward its due time (never the same hop again, even on a clock a
 * little behind the queue's); null when it is the task itself, whose work is to be done now.
 */
export function nextHop<P extends TaskHopFields>(payload: P, now = Date.now()): PlannedTask<Omit<P, keyof TaskHopFields>> | null {
  const { dueAt, hopOf, hop, ...own } = payload;
  if (!dueAt || !hopOf || !hop) return null;
  return planTask(hopOf, own, new Date(dueAt), now, hop - 1);
}

/** Every name a task due at dueAt may be waiting under now: itself, the hop due next, and the one before it (late). */
export function pendingNames(name: string, dueAt?: Date, now = Date.now()): string[] {
  if (!dueAt) return [name];
  const next = planTask(name, {}, dueAt, now).name;
  const hops = Math.max(0, Math.ceil((dueAt.getTime() - now) / MAX_HOP_MS) - 1);
  return [...new Set([name, next, `${name}-hop${hops + 1}`])].filter((candidate) => candidate !== `${name}-hop0`);
}
