import { randomUUID } from 'node:crypto';
import { signSession } from '@tickethub/functions/src/platform/session';
import { TICKET_REPLICA } from '@tickethub/functions/src/orders/replica';
import { waitFor } from '@tickethub/dev/stack/ports';
import { api, signUp } from '@tickethub/dev/testing/client';
import { writesByCollection, writesPerReservation } from '../capacity-model';
import { naiveFlashSale, preconditionBatchRate } from '../firestore-work';
import { load, pool, ratioRow, round, type BenchContext, type Figure, type Row } from '../harness';

/** Buyers as signed sessions (no signup each: the figure is about reserving, not about hashing passwords). */
export function mintBuyers(ctx: BenchContext, count: number): string[] {
  const secret = ctx.stack.config.JWT_SECRET;
  return Array.from({ length: count }, () => {
    const id = randomUUID();
    return signSession({ id, email: `${id}@bench.local`, role: 'user' }, secret, 3600).token;
  });
}

/** Lists `count` tickets over HTTP and waits until orders' replica has every one (they are then reservable). */
export async function listTickets(
  ctx: BenchContext,
  count: number,
  concurrency = 25,
): Promise<{ ids: string[]; seconds: number; firstAt: number; answeredAt: Map<string, number> }> {
  const seller = await signUp(ctx.stack.origin);
  // Each listing's id with the moment its 201 arrived, in the order they arrived.
  const answeredAt = new Map<string, number>();
  const firstAt = Date.now();
  await pool(
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    async (i) => {
      const body = {
        title: `Bench ${i}`,
        category: 'concert',
        venue: 'Bench Hall',
        city: 'Benchton',
        eventDate: new Date(Date.now() + 864e6).toISOString(),
        price: 10 + (i % 90),
      };
      const response = await api(ctx.stack.origin, 'POST', '/api/tickets', { token: seller.token, body });
      if (response.status !== 201) throw new Error(`POST /api/tickets ${response.status}`);
      answeredAt.set(response.body.id, Date.now());
    },
  );
  const ids = [...answeredAt.keys()];
  const replica = ctx.db.collection(TICKET_REPLICA);
  const refs = ids.map((id) => replica.doc(id));
  let present = 0;
  await waitFor(async () => (present = (await ctx.db.getAll(...refs)).filter((doc) => doc.exists).length) === count, {
    what: `${count} listings to become reservable`,
    timeoutMs: 600_000,
    intervalMs: 100,
  }).catch((error: unknown) => {
    throw new Error(`${String(error)} (${present} of ${count} are)`);
  });
  return { ids, seconds: (Date.now() - firstAt) / 1000, firstAt, answeredAt };
}

async function emulatorFloor(ctx: BenchContext, count: number): Promise<number> {
  const cached = ctx.memo.get('batchFloor') as number | undefined;
  if (cached) return cached;
  const rate = await preconditionBatchRate(ctx.db, count, 50);
  ctx.memo.set('batchFloor', rate);
  return rate;
}

export const reservations: Figure = {
  name: 'reservations',
  async run(ctx) {
    const rows: Row[] = [];
    const count = ctx.quick ? 200 : 1000;
    ctx.log(`listing ${count} tickets for the uncontended run`);
    const { ids } = await listTickets(ctx, count);
    const buyers = mintBuyers(ctx, count);
    const floor = await emulatorFloor(ctx, count);

    ctx.log(`reserving ${count} tickets, one buyer each, 50 connections`);
    const writesBefore = await ctx.stack.writes();
    const reservedFrom = new Date();
    let i = 0;
    const result = await load({
      title: 'reserve, uncontended',
      url: ctx.stack.origin,
      connections: 50,
      amount: count,
      method: 'POST',
      path: '/api/orders',
      next: () => {
        const k = i++ % count;
        return { path: '/api/orders', headers: { authorization: `Bearer ${buyers[k]}` }, body: JSON.stringify({ ticketId: ids[k] }) };
      },
    });
    const won = result.statuses['201'] ?? 0;
    rows.push(
      ratioRow(
        'reservations/s, uncontended (1,000 tickets, 50 conn.)',
        won / result.seconds,
        'req/s',
        floor,
        { atLeast: 0.5 },
        `${won}/${count} reserved; floor = emulator precondition batch, 50 at once`,
      ),
    );
    ctx.memo.set('reservedFrom', reservedFrom);
    ctx.memo.set('reservedCount', won);

    // Let every consumer apply order.created and what it causes, then read the count.
    await waitFor(async () => (await ctx.db.collection('expiration_processed_events').count().get()).data().count >= won, {
      what: 'events applied',
      timeoutMs: 600_000,
      intervalMs: 200,
    });
    await waitFor(async () => (await ctx.db.collection('orders_processed_events').count().get()).data().count >= count + won, {
      what: 'ticket.updated applied by orders',
      timeoutMs: 600_000,
      intervalMs: 200,
    }).catch(() => undefined);
    const writesAfter = await ctx.stack.writes();
    const counted = Object.fromEntries(Object.entries(writesAfter).map(([collection, n]) => [collection, n - (writesBefore[collection] ?? 0)]));
    delete counted.expiration_tasks; // the local stand-in for Cloud Tasks; the cloud writes no document for a timer
    const perReservation = Object.values(pick(counted, Object.keys(writesByCollection()))).reduce((a, b) => a + b, 0) / won;
    rows.push({
      name: 'Firestore writes per reservation (counted in the run)',
      value: round(perReservation),
      unit: 'writes',
      floor: writesPerReservation(),
      ratio: round(perReservation / writesPerReservation()),
      goal: '= capacity model',
      met: Math.abs(perReservation - writesPerReservation()) < 0.05,
      note: JSON.stringify(Object.fromEntries(Object.entries(counted).map(([k, v]) => [k, round(v / won)]))),
    });

    // Flash sale: 100 buyers want each of 20 fresh tickets at once, 3 rounds; exactly 20 must win each round.
    const rounds = 3;
    let flashRequests = 0;
    let flashSeconds = 0;
    const winners: number[] = [];
    for (let round = 0; round < rounds; round++) {
      ctx.log(`flash sale round ${round + 1}/${rounds}: 20 tickets × 100 buyers`);
      const hot = (await listTickets(ctx, 20, 20)).ids;
      const crowd = mintBuyers(ctx, 100);
      const attempts = crowd.flatMap((token) => hot.map((ticketId) => ({ token, ticketId }))).sort(() => Math.random() - 0.5);
      let k = 0;
      const sale = await load({
        title: `flash sale round ${round + 1}`,
        url: ctx.stack.origin,
        connections: 50,
        amount: attempts.length,
        method: 'POST',
        path: '/api/orders',
        next: () => {
          const attempt = attempts[k++ % attempts.length]!;
          return { path: '/api/orders', headers: { authorization: `Bearer ${attempt.token}` }, body: JSON.stringify({ ticketId: attempt.ticketId }) };
        },
      });
      winners.push(sale.statuses['201'] ?? 0);
      flashRequests += sale.total;
      flashSeconds += sale.seconds;
    }
    const flashRate = flashRequests / flashSeconds;
    const exact = winners.every((n) => n === 20);
    const flash = ratioRow(
      'reservations/s, flash sale (20 × 100 buyers, 3 rounds)',
      flashRate,
      'req/s',
      floor,
      { atLeast: 0.5 },
      `winners per round: ${winners.join(', ')}`,
    );
    rows.push({ ...flash, goal: `${flash.goal}, exactly 20 winners`, met: flash.met && exact });

    const naive = await naiveFlashSale(ctx.db, 20, 2000, 50);
    rows.push({
      ...ratioRow('flash sale vs naive check-then-write peer', flashRate, 'req/s', naive.rate, { atLeast: 0.8 }),
      goal: '≥ 0.8× peer; peer oversells, we do not',
      met: flashRate >= 0.8 * naive.rate && naive.winners > 20 && exact,
      note: `peer: ${naive.winners} winners for 20 tickets at ${round(naive.rate)} attempts/s; ours: ${winners.join('/')} winners`,
    });
    return rows;
  },
};

function pick(counts: Record<string, number>, keys: string[]): Record<string, number> {
  return Object.fromEntries(keys.map((key) => [key, counts[key] ?? 0]));
}
