import { performance } from 'node:perf_hooks';
import { startFirestoreEmulator } from '@tickethub/dev/stack/firestore-emulator';
import { freePort, waitFor } from '@tickethub/dev/stack/ports';
import { api, signUp } from '@tickethub/dev/testing/client';
import { startTestStack } from '@tickethub/dev/testing/stack';

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
      price: 10 + i / 100,
    });

    const listStarted = performance.now();
    const tickets = await pool(
      N,
      50,
      async (i) => (await call(stack.origin, 'POST', '/api/tickets', { token: seller.token, body: body(i) })).body as { id: string },
    );
    const listed = performance.now();
    await waitFor(async () => (await db.collection('orders_tickets').count().get()).data().count >= N, {
      what: 'all listings reservable',
      timeoutMs: 600_000,
      intervalMs: 100,
    });
    const reservable = performance.now();
    progress({ phase: 'listings', createSeconds: (listed - listStarted) / 1000, allReservableAfterSeconds: (reservable - listStarted) / 1000 });

    const reserveStarted = performance.now();
    const statuses = await pool(
      N,
      50,
      async (i) => (await call(stack.origin, 'POST', '/api/orders', { token: buyers[Math.floor(i / 5)]!.token, body: { ticketId: tickets[i]!.id } })).status,
    );
    const reservedAll = performance.now();
    const ok = statuses.filter((s) => s === 201).length;
    await waitFor(async () => (await db.collection('tickets_listings').where('status', '==', 'reserved').count().get()).data().count >= ok, {
      what: 'all reservations on the tickets side',
      timeoutMs: 600_000,
      intervalMs: 100,
    });
    const reservedSeen = performance.now();

    const s = (ms: number) => (ms / 1000).toFixed(1);
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
          },
          reservations: {
            count: ok,
            reserveSeconds: s(reservedAll - reserveStarted),
            allReservedOnTicketsAfterSeconds: s(reservedSeen - reserveStarted),
            lagAfterLastReserveSeconds: s(reservedSeen - reservedAll),
            eventsPerSecond: Math.round(ok / ((reservedSeen - reserveStarted) / 1000)),
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
