import { transactionRate } from '../firestore-work';
import { ratioRow, type Figure } from '../harness';
import { listTickets } from './reservations';

/**
 * 500 listings created at once; the time until orders' replica has every one (they are reservable) gives the events
 * applied per second, against the emulator's transaction rate at the same concurrency.
 */
export const listing: Figure = {
  name: 'listing → reservable',
  async run(ctx) {
    const count = ctx.quick ? 200 : 500;
    ctx.log(`listing ${count} tickets at once`);
    const { seconds } = await listTickets(ctx, count, count);
    const floor = await transactionRate(ctx.db, count, count);
    return [
      ratioRow(
        `listing → reservable (${count} at once)`,
        count / seconds,
        'events/s',
        floor,
        { atLeast: 0.5 },
        `all reservable after ${seconds.toFixed(1)} s; floor = emulator transactions, ${count} at once`,
      ),
    ];
  },
};
