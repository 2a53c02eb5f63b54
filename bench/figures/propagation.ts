import { performance } from 'node:perf_hooks';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { localNatsCredentials } from '@tickethub/dev/stack/nats-config';
import { eventLag } from '../event-lag';
import { percentile, ratioRow, round, type Figure, type Row } from '../harness';

/**
 * order.created committed → applied by each consumer, for the orders of the uncontended run (reservations.ts runs
 * first): the outbox entry's createdAt against each domain's processed-event record. The floor is what one delivery
 * cannot beat: a bare JetStream publish → consume → ack plus one emulator transaction, measured here.
 */
export const propagation: Figure = {
  name: 'propagation',
  async run(ctx) {
    const from = ctx.memo.get('reservedFrom') as Date | undefined;
    if (!from) throw new Error('propagation needs the uncontended reservations run first');
    const floor = await bareDeliveryP(ctx);
    const rows: Row[] = [];
    for (const domain of ['tickets', 'payments', 'expiration']) {
      const lag = await eventLag(ctx.db, { producer: 'orders', subject: 'order.created', consumer: domain }, from);
      rows.push({
        ...ratioRow(`propagation order.created → ${domain}, p99`, lag.p99, 'ms', floor.p99, { atMost: 3 }),
        note: `p50 ${round(lag.p50)} ms (floor p50 ${round(floor.p50)} ms); ${lag.applied} events`,
      });
    }
    return rows;
  },
};

async function bareDeliveryP(ctx: Parameters<Figure['run']>[0]): Promise<{ p50: number; p99: number }> {
  // The operator's user: the floor's own stream is no service's subject (nats-server checks permissions as in the cloud).
  const nc = await connect({ servers: ctx.stack.nats.url, ...localNatsCredentials('admin') });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'BENCH_FLOOR', subjects: ['bench.floor'] });
    await jsm.consumers.add('BENCH_FLOOR', { durable_name: 'floor', ack_policy: AckPolicy.Explicit });
    const js = jetstream(nc);
    const consumer = await js.consumers.get('BENCH_FLOOR', 'floor');
    const samples: number[] = [];
    const docs = ctx.db.collection('bench_floor_delivery');
    for (let i = 0; i < (ctx.quick ? 100 : 300); i++) {
      const started = performance.now();
      await js.publish('bench.floor', JSON.stringify({ i }));
      const message = await consumer.next({ expires: 5000 });
      if (!message) throw new Error('bare JetStream consumer got nothing');
      await ctx.db.runTransaction(async (tx) => {
        const ref = docs.doc(`d${i}`);
        await tx.get(ref);
        tx.set(ref, { i, at: new Date() });
      });
      await message.ackAck();
      samples.push(performance.now() - started);
    }
    await jsm.streams.delete('BENCH_FLOOR');
    return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
  } finally {
    await nc.close();
  }
}
