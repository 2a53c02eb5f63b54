import { STREAM_NAME, natsSubject } from '@tickethub/shared';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { OUTBOX_SHARDS, outboxShard } from './outbox';
import type { Platform } from './platform';
import { waitFor } from '@tickethub/dev/testing/eventually';

let stack: TestStack;
let platform: Platform;
beforeAll(async () => {
  stack = await startTestStack({ domains: ['tickets'] });
  // tickets: the only domain whose NATS user may publish ticket.created.
  platform = stack.platform('tickets');
});
afterAll(() => stack.close());

const ticket = (id: string) => ({
  id,
  version: 0,
  title: 'Outbox test',
  price: 1999,
  currency: 'usd',
  sellerId: 'seller-1',
  eventDate: new Date(Date.now() + 86_400_000).toISOString(),
  status: 'available' as const,
});

/** How many ticket.created messages the stream holds per ticket id. */
async function publishedTickets(): Promise<Map<string, number>> {
  const jsm = await platform.nats.manager();
  const consumerless = await jsm.streams.info(STREAM_NAME);
  const counts = new Map<string, number>();
  for (let seq = consumerless.state.first_seq; seq <= consumerless.state.last_seq; seq++) {
    const message = await jsm.streams.getMessage(STREAM_NAME, { seq }).catch(() => null);
    if (message?.subject !== natsSubject('ticket.created')) continue;
    const id = message.json<{ data: { id: string } }>().data.id;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

async function messagesFor(id: string): Promise<number> {
  return (await publishedTickets()).get(id) ?? 0;
}

async function outboxDocs() {
  return (await platform.db.collection(platform.outbox.collection).get()).docs.map((doc) => doc.data());
}

describe('platform › outbox', () => {
  beforeEach(() => stack.clear());

  it('writes the state change and its event together, then publishes it once with Nats-Msg-Id and marks it sent', async () => {
    const envelope = await platform.outbox.transact(async (tx, emit) => {
      tx.create(platform.db.collection('auth_things').doc('t1'), { name: 'thing' });
      return emit('ticket.created', ticket('t1'));
    });
    expect((await platform.db.collection('auth_things').doc('t1').get()).exists).toBe(true);
    const [stored] = await outboxDocs();
    expect(stored).toMatchObject({ sent: true, envelope: { id: envelope.id, type: 'ticket.created', specversion: '1.0', source: 'tickethub/tickets' } });
    expect(await messagesFor('t1')).toBe(1);
    const jsm = await platform.nats.manager();
    const message = await jsm.streams.getMessage(STREAM_NAME, { last_by_subj: natsSubject('ticket.created') });
    expect(message?.header?.get('Nats-Msg-Id')).toBe(envelope.id);
  });

  it('writes neither the state nor the event when the transaction fails', async () => {
    await expect(
      platform.outbox.transact(async (tx, emit) => {
        tx.create(platform.db.collection('auth_things').doc('t2'), { name: 'thing' });
        emit('ticket.created', ticket('t2'));
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    expect((await platform.db.collection('auth_things').doc('t2').get()).exists).toBe(false);
    expect(await outboxDocs()).toEqual([]);
    expect(await messagesFor('t2')).toBe(0);
  });

  it('keeps only the last attempt’s events when Firestore retries a contended transaction', async () => {
    const counter = platform.db.collection('auth_things').doc('counter');
    await counter.set({ n: 0 });
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        platform.outbox.transact(async (tx, emit) => {
          const n = (await tx.get(counter)).data()?.n as number;
          tx.update(counter, { n: n + 1 });
          emit('ticket.created', ticket(`c${i}`));
        }),
      ),
    );
    expect((await counter.get()).data()?.n).toBe(5);
    expect(await outboxDocs()).toHaveLength(5);
  });

  it('makes no further attempt once its caller has gone (an abandoned delivery stops contending with its redelivery)', async () => {
    const thing = platform.db.collection('auth_things').doc('abandoned');
    const caller = new AbortController();
    let attempts = 0;
    const result = platform.outbox.transact(
      async (tx) => {
        attempts += 1;
        await tx.get(thing);
        caller.abort(new Error('the bridge stopped waiting'));
        // Contention, as Firestore reports it: a code Firestore retries the transaction for.
        throw Object.assign(new Error('contention'), { code: 10 });
      },
      { signal: caller.signal },
    );
    await expect(result).rejects.toThrow('the bridge stopped waiting');
    expect(attempts).toBe(1);
    expect((await thing.get()).exists).toBe(false);
  });

  it('commits while NATS is down and the relay publishes the event once NATS is back', async () => {
    await stack.nats.stop();
    await platform.outbox.transact(async (tx, emit) => {
      tx.create(platform.db.collection('auth_things').doc('t3'), { name: 'thing' });
      emit('ticket.created', ticket('t3'));
    });
    expect((await platform.db.collection('auth_things').doc('t3').get()).exists).toBe(true);
    expect(await outboxDocs()).toEqual([expect.objectContaining({ sent: false })]);

    await stack.nats.restart();
    // The relay runs on a timer in production; here we call it until the client has reconnected.
    await waitFor(() => platform.outbox.relay(), { what: 'the relay to publish after NATS is back' });
    expect(await outboxDocs()).toEqual([expect.objectContaining({ sent: true })]);
    expect(await messagesFor('t3')).toBe(1);
  });

  it('does not duplicate a message when a publish is retried (JetStream dedupe by event id)', async () => {
    const envelope = await platform.outbox.transact(async (_tx, emit) => emit('ticket.created', ticket('t4')));
    // As if the mark-sent write had been lost after a successful publish: the relay sends it again.
    await platform.db.collection(platform.outbox.collection).doc(envelope.id).update({ sent: false });
    expect(await platform.outbox.relay()).toBe(1);
    expect(await messagesFor('t4')).toBe(1);
  });

  it('spreads entries over the shards, and the relay publishes each entry of every shard exactly once', async () => {
    await stack.nats.stop();
    const count = OUTBOX_SHARDS * 3;
    const ids = Array.from({ length: count }, (_, i) => `s${i}`);
    // One event per transaction while NATS is down: every entry stays unsent for the relay.
    const envelopes = await Promise.all(ids.map((id) => platform.outbox.transact(async (_tx, emit) => emit('ticket.created', ticket(id)))));
    const stored = await outboxDocs();
    expect(stored.every((doc) => doc.sent === false && doc.shard === outboxShard(doc.envelope.id))).toBe(true);
    // Random event ids reach many shards (all 32 with 96 events, up to chance): the walk has to cover them all.
    expect(new Set(stored.map((doc) => doc.shard)).size).toBeGreaterThan(OUTBOX_SHARDS / 2);

    await stack.nats.restart();
    await waitFor(
      async () =>
        await platform.nats
          .jetstream()
          .then(() => true)
          .catch(() => false),
      { what: 'NATS back' },
    );
    // A limit of one per shard makes the relay take several passes: the passes together publish every entry once.
    let published = 0;
    await waitFor(
      async () => {
        published += await platform.outbox.relay({ limit: 1 }).catch(() => 0);
        return (await outboxDocs()).every((doc) => doc.sent === true);
      },
      { what: 'the relay to drain every shard' },
    );
    expect(published).toBe(count);
    expect(await platform.outbox.relay()).toBe(0);
    const counts = await publishedTickets();
    expect(ids.map((id) => counts.get(id))).toEqual(ids.map(() => 1));
    expect(new Set(envelopes.map((e) => e.id)).size).toBe(count);
  });
});
