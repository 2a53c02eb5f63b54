import { eventLag, lagRow } from '../event-lag';
import { transactionRate } from '../firestore-work';
import { ratioRow, type Figure } from '../harness';
import { listTickets } from './reservations';

/**
 * 500 listings created at once. Two figures: the time until orders' replica has every one (they are reservable) as
 * events applied per second, against the emulator's transaction rate at the same concurrency; and each listing's own
 * lag, from the seller's 201 to the listing in orders' replica (the batch figure includes creating the 500 through the API).
 */
export const listing: Figure = {
  name: 'listing → reservable',
  async run(ctx) {
    const count = ctx.quick ? 200 : 500;
    ctx.log(`listing ${count} tickets at once`);
    const { seconds, firstAt, answeredAt } = await listTickets(ctx, count, count);
    const lag = await eventLag(ctx.db, { producer: 'tickets', subject: 'ticket.created', consumer: 'orders' }, new Date(firstAt), answeredAt);
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
      lagRow(`listing → reservable, each listing's lag p99`, lag, count, "the seller's 201 → applied to orders' replica"),
    ];
  },
};
