import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Firestore } from '@google-cloud/firestore';
import { percentile, pool } from './harness';

/** Floors and peers that talk to the emulator directly, in this process: no HTTP, no functions, no events. */

/** The reservation's precondition batch done directly: read ticket + buyer, then one guarded batch. Returns writes/s. */
export async function preconditionBatchRate(db: Firestore, count: number, concurrency: number): Promise<number> {
  const run = randomUUID().slice(0, 8);
  const tickets = db.collection('bench_floor_tickets');
  await pool(
    Array.from({ length: count }, (_, i) => i),
    50,
    (i) => tickets.doc(`${run}-${i}`).set({ status: 'available', hold: null }),
  );
  const seconds = await pool(
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    async (i) => {
      const ticket = tickets.doc(`${run}-${i}`);
      const buyer = db.collection('bench_floor_buyers').doc(`${run}-${i}`);
      const [t, b] = await Promise.all([ticket.get(), buyer.get()]);
      const orderId = randomUUID();
      const batch = db.batch();
      batch.update(ticket, { hold: { orderId, expiresAt: new Date() } }, { lastUpdateTime: t.updateTime! });
      if (b.exists) batch.update(buyer, { open: [orderId] }, { lastUpdateTime: b.updateTime! });
      else batch.create(buyer, { open: [orderId] });
      batch.create(db.collection('bench_floor_orders').doc(orderId), { orderId, createdAt: new Date() });
      batch.create(db.collection('bench_floor_outbox').doc(orderId), { sent: false, createdAt: new Date() });
      await batch.commit();
    },
  );
  return count / seconds;
}

/** Firestore transactions (read + write one document each) at a given concurrency. Returns transactions/s. */
export async function transactionRate(db: Firestore, count: number, concurrency: number): Promise<number> {
  const run = randomUUID().slice(0, 8);
  const docs = db.collection('bench_floor_tx');
  const seconds = await pool(
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    (i) =>
      db.runTransaction(async (tx) => {
        const ref = docs.doc(`${run}-${i}`);
        const seen = await tx.get(ref);
        tx.set(ref, { n: (seen.data()?.n ?? 0) + 1, at: new Date() });
      }),
  );
  return count / seconds;
}

/**
 * The original system's reservation: read the ticket, and if it looks available write the order and mark the ticket
 * reserved, with nothing guarding the gap between the read and the write. Returns attempts/s and how many won.
 */
export async function naiveFlashSale(db: Firestore, tickets: number, attempts: number, concurrency: number): Promise<{ rate: number; winners: number }> {
  const run = randomUUID().slice(0, 8);
  const docs = db.collection('bench_naive_tickets');
  await Promise.all(Array.from({ length: tickets }, (_, i) => docs.doc(`${run}-${i}`).set({ status: 'available' })));
  let winners = 0;
  const seconds = await pool(
    Array.from({ length: attempts }, (_, i) => i),
    concurrency,
    async (i) => {
      const ref = docs.doc(`${run}-${i % tickets}`);
      if ((await ref.get()).data()?.status !== 'available') return;
      const orderId = randomUUID();
      await db.collection('bench_naive_orders').doc(orderId).set({ ticket: ref.id, createdAt: new Date() });
      await ref.update({ status: 'reserved', orderId });
      winners++;
    },
  );
  return { rate: attempts / seconds, winners };
}

/** Successful Firestore commits, counted per collection, in this process (the stack runs in-process). */
export { percentile, performance };
