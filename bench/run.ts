import { performance } from 'node:perf_hooks';
import { startFirestoreEmulator } from '@tickethub/dev/stack/firestore-emulator';
import { freePort, waitFor } from '@tickethub/dev/stack/ports';
import { api, signUp } from '@tickethub/dev/testing/client';
import { startTestStack } from '@tickethub/dev/testing/stack';

/**
 * `npm run bench`: the marketplace's hot paths over real HTTP, the real emulator and real NATS, each reported as a
 * ratio to floors measured in the same run on the same machine — a Firestore read+write round trip and an HTTP
 * round trip that touches no storage — so numbers compare across machines and runs.
 */
async function median(samples: number, work: (i: number) => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await work(i);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

async function main(): Promise<void> {
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  process.env.LOG_LEVEL ??= 'ERROR';
  const emulator = await startFirestoreEmulator(await freePort());
  process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
  const stack = await startTestStack({ domains: ['auth', 'tickets', 'orders'], bridge: true });
  try {
    const db = stack.platform('tickets').db;
    const seller = await signUp(stack.origin);
    const buyers = await Promise.all(Array.from({ length: 50 }, () => signUp(stack.origin)));
    const ticket = (i: number) => ({
      title: `Bench ${i}`,
      category: 'concert',
      venue: 'Bench Hall',
      city: 'Benchton',
      eventDate: new Date(Date.now() + 864e5 * 10).toISOString(),
      price: (1000 + i) / 100,
    });

    const floorFirestore = await median(100, (i) =>
      db
        .collection('bench')
        .doc(`d${i % 10}`)
        .get()
        .then(() =>
          db
            .collection('bench')
            .doc(`d${i % 10}`)
            .set({ i }),
        ),
    );
    const floorHttp = await median(200, () => api(stack.origin, 'GET', '/api/users/currentuser'));

    const ids: string[] = [];
    const create = await median(100, async (i) =>
      ids.push((await api(stack.origin, 'POST', '/api/tickets', { token: seller.token, body: ticket(i) })).body.id),
    );
    const list = await median(100, () => api(stack.origin, 'GET', '/api/tickets?city=Benchton&sort=price&limit=20'));
    const search = await median(100, () => api(stack.origin, 'GET', '/api/tickets?q=bench%20hall&limit=20'));
    const replica = stack.platform('orders').db.collection('orders_tickets');
    await waitFor(async () => (await replica.doc(ids.at(-1)!).get()).exists, { what: 'replicas' });
    const reserve = await median(40, (i) => api(stack.origin, 'POST', '/api/orders', { token: buyers[i]!.token, body: { ticketId: ids[i] } }));

    // Flash sale: 50 buyers race for each of 10 fresh tickets at once; time per request under contention.
    const hot: string[] = [];
    for (let i = 0; i < 10; i++) hot.push((await api(stack.origin, 'POST', '/api/tickets', { token: seller.token, body: ticket(1000 + i) })).body.id);
    await waitFor(async () => (await Promise.all(hot.map((id) => replica.doc(id).get()))).every((doc) => doc.exists), { what: 'hot replicas' });
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 500 }, (_, k) =>
        api(stack.origin, 'POST', '/api/orders', { token: buyers[k % 50]!.token, body: { ticketId: hot[(k + Math.floor(k / 50)) % 10] } }),
      ),
    );
    const flashPerRequest = (performance.now() - started) / 500;
    const won = answers.filter((a) => a.status === 201).length;

    const rows: Array<[string, number, number]> = [
      ['floor: Firestore get+set', floorFirestore, floorFirestore],
      ['floor: HTTP, no storage', floorHttp, floorFirestore],
      ['POST /api/tickets', create, floorFirestore],
      ['GET /api/tickets (filter+sort)', list, floorFirestore],
      ['GET /api/tickets?q= (search)', search, floorFirestore],
      ['POST /api/orders (reserve)', reserve, floorFirestore],
      [`flash sale, per request (500 at once, ${won} won)`, flashPerRequest, floorFirestore],
    ];
    console.log('\nTicketHub benchmark (median ms; ratio = ms / Firestore get+set floor)\n');
    for (const [name, ms, floor] of rows) console.log(`${name.padEnd(48)} ${ms.toFixed(2).padStart(8)} ms   ×${(ms / floor).toFixed(2)}`);
    console.log('');
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
