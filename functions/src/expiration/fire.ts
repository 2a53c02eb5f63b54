import type { Platform } from '../platform/platform';

export const FIRED = 'expiration_fired';

/**
 * Publishes expiration.complete for an order once: Cloud Tasks delivers at least once, and a duplicate firing
 * finds its record and does nothing.
 */
export async function fireExpiry({ db, outbox }: Platform, orderId: string): Promise<'fired' | 'duplicate'> {
  return outbox.transact(async (tx, emit) => {
    const record = db.collection(FIRED).doc(orderId);
    if ((await tx.get(record)).exists) return 'duplicate';
    tx.create(record, { firedAt: new Date() });
    emit('expiration.complete', { orderId });
    return 'fired';
  });
}
