import { OutOfOrderError } from './events';

/**
 * How long an event that overtook its predecessor waits for it (counted from when the owner emitted it). Past this
 * the predecessor is taken as lost (dead-lettered, or beyond the stream's horizon) and the event, which carries the
 * entity's whole state, is applied as a snapshot: the replica catches up instead of freezing.
 */
export const GAP_WAIT_MS = 60_000;

export interface GapHealing {
  /** The event's CloudEvents `time`: when its owner emitted it. */
  emittedAt: string | Date;
  waitMs?: number;
  now?: Date;
}

/**
 * For a replica that receives every version of an entity (tickets → orders): version v applies only on top of
 * v-1. Older versions are stale (acknowledged, ignored); a gap means an earlier event is still on its way, so the
 * bridge offers this one again later (outside its retry budget) — until, with `heal`, the wait is over and a
 * full-state event is applied as a snapshot.
 */
export function strictNextVersion(current: number | undefined, incoming: number, entity: string, heal?: GapHealing): 'apply' | 'stale' {
  const expected = current === undefined ? 0 : current + 1;
  if (incoming < expected) return 'stale';
  if (incoming > expected) {
    const waited = heal ? (heal.now ?? new Date()).getTime() - new Date(heal.emittedAt).getTime() : 0;
    if (heal && waited >= (heal.waitMs ?? GAP_WAIT_MS)) return 'apply';
    throw new OutOfOrderError(`${entity}: version ${incoming} arrived before ${expected}`);
  }
  return 'apply';
}

/**
 * For a consumer that sees only some of an entity's versions (tickets hears order.created and order.cancelled,
 * not every step between): apply anything newer than what was seen, so a late older event never undoes a newer one.
 */
export function newerVersion(current: number | undefined, incoming: number): 'apply' | 'stale' {
  return current === undefined || incoming > current ? 'apply' : 'stale';
}
