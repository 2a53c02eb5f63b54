import { performance } from 'node:perf_hooks';
import { startFirestoreEmulator } from '@tickethub/dev/stack/firestore-emulator';
import { freePort, waitFor } from '@tickethub/dev/stack/ports';
import { api, signUp } from '@tickethub/dev/testing/client';
import { startTestStack } from '@tickethub/dev/testing/stack';
import { eventLag, type Lag } from './event-lag';
import { percentile } from './harness';

/**
 * `npx tsx bench/propagation.ts [maxInFlight]`: how fast events cross the bridge. 500 listings created at once →
 * all reservable (orders replica); 500 reservations → all `reserved` on the tickets side. Reported as events per
 * second beside the emulator's own transaction rate measured in the same run. maxInFlight 1 is the old serial
 * delivery (one message at a time per consumer).
 */
const N = Number(process.env.BENCH_EVENTS ?? 500);

async function pool<T>(count: number, concurrency: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await work(i);
      }
    }),
  );
  return results;
}

/** A client retries a request whose connection dropped (a busy machine resets some of 50 parallel sockets). */
async function call(origin: string, method: string, path: string, options: Parameters<typeof api>[3]) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await api(origin, method, path, options);
    } catch (error) {
      if (attempt >= 5) throw error;
    }
  }
}

/** Each phase's figures as soon as it ends (stderr), so a run cut short still reports what it measured. */
function progress(fields: Record<string, unknown>): void {
  process.stderr.write(`${JSON.stringify({ at: new Date().toISOString(), ...fields })}\n`);
}

async function main(): Promise<void> {
  const maxInFlight = Number(process.argv[2] ?? 64);
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  process.env.LOG_LEVEL ??= 'ERROR';
  const emulator = await startFirestoreEmulator(await freePort());
  process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
  const stack = await startTestStack({
    domains: ['auth', 'tickets', 'orders'],
    bridge: { maxInFlight, retryBudgetMs: 3_600_000, baseBackoffMs: 200, maxBackoffMs: 2000, ackWaitMs: 60_000, requestTimeoutMs: 30_000 },
  });
  try {
    const db = stack.platform('orders').db;
    // The floor: independent read-then-write transactions, 64 at a time, as an event handler does.
    const txStarted = performance.now();
    await pool(N, 64, (i) =>
      db.runTransaction(async (tx) =>
        tx.set(db.collection('bench_tx').doc(`d${i}`), { n: ((await tx.get(db.collection('bench_tx').doc(`d${i}`))).data()?.n ?? 0) + 1 }),
      ),
    );
    const txPerSecond = N / ((performance.now() - txStarted) / 1000);
    progress({ phase: 'emulator', transactionsPerSecond: Math.round(txPerSecond) });

    const seller = await signUp(stack.origin);
    const buyers = await pool(Math.ceil(N / 5), 10, () => signUp(stack.origin).catch(() => signUp(stack.origin)));
    progress({ phase: 'signups', buyers: buyers.length });
    const body = (i: number) => ({
      title: `Propagation ${i}`,
      category: 'concert',
      venue: 'Bench Hall',
      city: 'Benchton',
      eventDate: new Date(Date.now() + 864e5 * 10).toISOString(),
      price: 1000 + i, // minor units: an integer (a fraction is refused with 400)
    });

    const listSince = new Date();
    const listStarted = performance.now();
    const listRequestMs: number[] = [];
    const listedAt = new Map<string, number>();
    const tickets = await pool(N, 50, async (i) => {
      const sent = performance.now();
      const response = await call(stack.origin, 'POST', '/api/tickets', { token: seller.token, body: body(i) });
      if (response.status !== 201) throw new Error(`POST /api/tickets ${response.status}: ${JSON.stringify(response.body)}`);
      listRequestMs.push(performance.now() - sent);
      listedAt.set(response.body.id as string, Date.now());
      return response.body as { id: string };
    });
    const listed = performance.now();
    await waitFor(async () => (await db.collection('orders_tickets').count().get()).data().count >= N, {
      what: 'all listings reservable',
      timeoutMs: 600_000,
      intervalMs: 100,
    });
    const reservable = performance.now();
    progress({ phase: 'listings', createSeconds: (listed - listStarted) / 1000, allReservableAfterSeconds: (reservable - listStarted) / 1000 });

    const reserveSince = new Date();
    const reserveStarted = performance.now();
    const reserveRequestMs: number[] = [];
    const reservedAt = new Map<string, number>();
    const statuses = await pool(N, 50, async (i) => {
      const sent = performance.now();
      const { status, body } = await call(stack.origin, 'POST', '/api/orders', { token: buyers[Math.floor(i / 5)]!.token, body: { ticketId: tickets[i]!.id } });
      reserveRequestMs.push(performance.now() - sent);
      if (status === 201) reservedAt.set(body.id as string, Date.now());
      return status;
    });
    const reservedAll = performance.now();
    const ok = statuses.filter((s) => s === 201).length;
    await waitFor(async () => (await db.collection('tickets_listings').where('status', '==', 'reserved').count().get()).data().count >= ok, {
      what: 'all reservations on the tickets side',
      timeoutMs: 600_000,
      intervalMs: 100,
    });
    const reservedSeen = performance.now();

    const s = (ms: number) => (ms / 1000).toFixed(1);
    // Each event's own lag (emitted → applied), beside the batch figures that include creating the batch.
    // The request's own time answers "how busy was the system": an event cannot cross it faster than a request does.
    const lagMs = ({ p50, p99, max, applied, byTenth }: Lag) => ({ p50: Math.round(p50), p99: Math.round(p99), max: Math.round(max), applied, byTenth });
    const requestMs = (samples: number[]) => ({ p50: Math.round(percentile(samples, 50)), p99: Math.round(percentile(samples, 99)) });
    // From the 201 the seller or buyer saw to the other side having applied it.
    const listingLag = await eventLag(db, { producer: 'tickets', subject: 'ticket.created', consumer: 'orders' }, listSince, listedAt);
    const reservationLag = await eventLag(db, { producer: 'orders', subject: 'order.created', consumer: 'tickets' }, reserveSince, reservedAt);
    console.log(
      JSON.stringify(
        {
          maxInFlight,
          emulatorTransactionsPerSecond: Math.round(txPerSecond),
          listings: {
            count: N,
            createSeconds: s(listed - listStarted),
            allReservableAfterSeconds: s(reservable - listStarted),
            lagAfterLastCreateSeconds: s(reservable - listed),
            eventsPerSecond: Math.round(N / ((reservable - listStarted) / 1000)),
            lagMs: lagMs(listingLag),
            requestMs: requestMs(listRequestMs),
          },
          reservations: {
            count: ok,
            reserveSeconds: s(reservedAll - reserveStarted),
            allReservedOnTicketsAfterSeconds: s(reservedSeen - reserveStarted),
            lagAfterLastReserveSeconds: s(reservedSeen - reservedAll),
            eventsPerSecond: Math.round(ok / ((reservedSeen - reserveStarted) / 1000)),
            lagMs: lagMs(reservationLag),
            requestMs: requestMs(reserveRequestMs),
          },
        },
        null,
        2,
      ),
    );
  } finally {
    await stack.close();
    await emulator.stop();
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
