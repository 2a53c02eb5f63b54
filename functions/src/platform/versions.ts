import { OutOfOrderError } from './events';

/**
 * For a replica that receives every version of an entity (tickets → orders): version v applies only on top of
 * v-1. Older versions are stale (acknowledged, ignored); a gap means an earlier event is still on its way.
 */
export function strictNextVersion(current: number | undefined, incoming: number, entity: string): 'apply' | 'stale' {
  const expected = current === undefined ? 0 : current + 1;
  if (incoming < expected) return 'stale';
  if (incoming > expected) throw new OutOfOrderError(`${entity}: version ${incoming} arrived before ${expected}`);
  return 'apply';
}

/**
 * For a consumer that sees only some of an entity's versions (tickets hears order.created and order.cancelled,
 * not every step between): apply anything newer than what was seen, so a late older event never undoes a newer one.
 */
export function newerVersion(current: number | undefined, incoming: number): 'apply' | 'stale' {
  return current === undefined || incoming > current ? 'apply' : 'stale';
}
