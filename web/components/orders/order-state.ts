import type { Order } from '@tickethub/shared';

export type OrderPhase = 'live' | 'complete' | 'expired' | 'cancelled' | 'withdrawn' | 'refunded';

/**
 * Where the order stands for the buyer. The API already reads an unpaid order past expiresAt as cancelled/expired;
 * the clock check covers the moment between two reads.
 */
export function orderPhase(order: Order, now: number): OrderPhase {
  if (order.status === 'complete') return 'complete';
  if (order.status === 'refunded') return 'refunded';
  if (order.status === 'cancelled') return order.cancelReason === 'expired' ? 'expired' : order.cancelReason === 'ticket-withdrawn' ? 'withdrawn' : 'cancelled';
  return Date.parse(order.expiresAt) <= now ? 'expired' : 'live';
}

export function phaseBadge(phase: OrderPhase, order: Order): string {
  return phase === 'live' ? order.status : phase === 'withdrawn' ? 'cancelled' : phase;
}
