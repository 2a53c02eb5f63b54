import { performance } from 'node:perf_hooks';
import { waitFor } from '@tickethub/dev/stack/ports';
import { api } from '@tickethub/dev/testing/client';
import { CLIENT_IP_HEADER, CLIENT_IP_SIGNATURE_HEADER, DEV_CLIENT_IP_SECRET, signClientIp } from '@tickethub/functions/src/platform/client-ip';
import { eventLag, lagRow } from '../event-lag';
import { transactionRate } from '../firestore-work';
import { pool, ratioRow, type Figure } from '../harness';
import { listTickets, mintBuyers } from './reservations';

/**
 * #13's second burst: 500 listed tickets reserved at once (50 connections, one buyer each). Two figures, as for
 * listings: the time until the tickets side has applied every reservation, as events per second against the
 * emulator's transaction rate at the same concurrency; and each reservation's own lag, from the buyer's 201 to the
 * tickets domain's processed-event record for its order.created.
 */
export const reservationBurst: Figure = {
  name: 'reservation → reserved',
  async run(ctx) {
    const count = ctx.quick ? 200 : 500;
    ctx.log(`listing ${count} tickets for the reservation burst`);
    const { ids } = await listTickets(ctx, count, 50);
    const buyers = mintBuyers(ctx, count);

    ctx.log(`reserving ${count} tickets at once, 50 connections`);
    const since = new Date();
    const started = performance.now();
    const reservedAt = new Map<string, number>();
    const requestSeconds = await pool(ids, 50, async (ticketId, i) => {
      const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      const headers = { [CLIENT_IP_HEADER]: ip, [CLIENT_IP_SIGNATURE_HEADER]: signClientIp(ip, ctx.stack.config.CLIENT_IP_SECRET ?? DEV_CLIENT_IP_SECRET) };
      const response = await api(ctx.stack.origin, 'POST', '/api/orders', { token: buyers[i], body: { ticketId }, headers });
      if (response.status !== 201) throw new Error(`POST /api/orders ${response.status}: ${JSON.stringify(response.body)}`);
      reservedAt.set(response.body.id as string, Date.now());
    });
    // One count a poll (not a read per reservation), so waiting does not itself load the emulator. It counts every
    // event the tickets side applied since the burst began; the per-event figure below then checks they are these.
    const applied = ctx.db.collection('tickets_processed_events').where('processedAt', '>=', since);
    await waitFor(async () => (await applied.count().get()).data().count >= count, {
      what: `${count} events applied on the tickets side`,
      timeoutMs: 600_000,
      intervalMs: 200,
    });
    const seconds = (performance.now() - started) / 1000;
    const route = { producer: 'orders', subject: 'order.created', consumer: 'tickets' } as const;
    let lag = await eventLag(ctx.db, route, since, reservedAt);
    // The count above may include other events the tickets side applied meanwhile: wait, without spinning, for these.
    if (lag.applied < count)
      await waitFor(async () => (lag = await eventLag(ctx.db, route, since, reservedAt)).applied >= count, {
        what: `all ${count} reservations in the tickets side's records`,
        timeoutMs: 600_000,
        intervalMs: 1000,
      }).catch(() => undefined); // the row then reports how many were applied, and is not met
    const floor = await transactionRate(ctx.db, count, 50);
    return [
      ratioRow(
        `reservation → reserved (${count} at once)`,
        count / seconds,
        'events/s',
        floor,
        { atLeast: 0.5 },
        `all applied after ${seconds.toFixed(1)} s (the requests took ${requestSeconds.toFixed(1)} s); floor = emulator transactions, 50 at once`,
      ),
      lagRow(`reservation → reserved, each reservation's lag p99`, lag, count, "the buyer's 201 → applied on the tickets side"),
    ];
  },
};
