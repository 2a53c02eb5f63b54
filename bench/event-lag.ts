import type { Firestore } from '@google-cloud/firestore';
import type { Subject } from '@tickethub/shared';
import { percentile, round, type Row } from './harness';

/** #13's words, "each within a few seconds", as a number: every event's lag, not the batch's. */
export const FEW_SECONDS_MS = 3000;

export interface Lag {
  /** Events of that subject committed since `since`. */
  events: number;
  /** How many of them the consumer has applied. */
  applied: number;
  p50: number;
  p99: number;
  max: number;
  /** The median lag of each tenth of the events in the order they were emitted: where in a burst the lag builds up. */
  byTenth: number[];
}

/**
 * Per event: from the moment the producer answered the request that caused it (`answeredAt`, by the entity the event
 * is about: the 201 the seller or buyer saw) or, without one, from when it was emitted (the outbox entry's
 * `createdAt`, stamped inside the producing transaction) → applied (the consumer's processed-event record,
 * `processedAt`), in ms. The stamps come from this machine's clock and are written by the code under test, so the lag
 * needs no polling while the load runs (polling hundreds of documents would itself load the emulator).
 */
export async function eventLag(
  db: Firestore,
  route: { producer: string; subject: Subject; consumer: string },
  since: Date,
  answeredAt?: Map<string, number>,
): Promise<Lag> {
  const { producer, subject, consumer } = route;
  const outbox = await db.collection(`${producer}_outbox`).where('createdAt', '>=', since).get();
  const entries = outbox.docs.map((doc) => doc.data()).filter((entry) => entry.envelope.type === subject);
  const records = entries.length > 0 ? await db.getAll(...entries.map((entry) => db.collection(`${consumer}_processed_events`).doc(entry.envelope.id))) : [];
  const timed = records
    .map((record, i) => {
      const entry = entries[i]!;
      const from = answeredAt?.get(entry.envelope.data.id as string) ?? (entry.createdAt.toMillis() as number);
      return { from, ms: record.exists ? record.data()!.processedAt.toMillis() - from : Number.NaN };
    })
    .filter(({ ms }) => Number.isFinite(ms))
    .sort((a, b) => a.from - b.from);
  const latencies = timed.map(({ ms }) => ms);
  const tenth = (k: number) => latencies.slice(Math.floor((k * latencies.length) / 10), Math.floor(((k + 1) * latencies.length) / 10));
  return {
    events: entries.length,
    applied: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.length > 0 ? Math.max(...latencies) : Number.NaN,
    byTenth: Array.from({ length: 10 }, (_, k) => Math.round(percentile(tenth(k), 50))),
  };
}

/** A burst's per-event row: met when every one of `count` events was applied and the p99 lag is within a few seconds. */
export function lagRow(name: string, lag: Lag, count: number, route: string): Row {
  return {
    name,
    value: round(lag.p99),
    unit: 'ms',
    floor: null,
    ratio: null,
    goal: `≤ ${FEW_SECONDS_MS} ms`,
    met: lag.applied === count && lag.p99 <= FEW_SECONDS_MS,
    note: `${route}; p50 ${round(lag.p50)} ms, max ${round(lag.max)} ms; ${lag.applied}/${count} events; median by tenth of the burst ${lag.byTenth.join(' ')} ms`,
  };
}
