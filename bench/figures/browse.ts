import type { HttpFunction } from '@google-cloud/functions-framework';
import { closeServer, hostFunction } from '@tickethub/dev/stack/functions-host';
import { LISTINGS } from '@tickethub/functions/src/tickets/store';
import type { Domain } from '@tickethub/shared';
import { load, ratioRow, type Figure, type Row } from '../harness';
import { listTickets } from './reservations';

const QUERIES = [
  { name: 'filter+sort', path: '/api/tickets?city=Benchton&sort=price&limit=20' },
  { name: 'search', path: '/api/tickets?q=bench%20hall&limit=20' },
];

/**
 * GET /api/tickets (through the gateway, the tickets function and its query planning) against a bare
 * functions-framework handler that runs the same Firestore query and answers its documents as JSON.
 */
export const browse: Figure = {
  name: 'browse',
  async run(ctx) {
    const seconds = ctx.quick ? 5 : 20;
    const listings = ctx.db.collection(LISTINGS);
    // Pages with something on them: the earlier figures' tickets may all be reserved (or this figure runs alone).
    const available = (await listings.where('cityKey', '==', 'benchton').where('status', '==', 'available').count().get()).data().count;
    if (available < 100) await listTickets(ctx, 100 - available);
    // The same clauses in the same order as the tickets function's planner, so the same declared index serves both.
    const bare: HttpFunction = async (req, res) => {
      const base = listings.where('status', '==', 'available').where('eventDate', '>=', new Date());
      const query =
        req.query.kind === 'search'
          ? base.where('searchTerms', 'array-contains', 'bench').orderBy('eventDate').limit(21)
          : listings.where('status', '==', 'available').where('cityKey', '==', 'benchton').where('eventDate', '>=', new Date()).orderBy('price').limit(21);
      const snapshot = await query.get();
      res.json({ items: snapshot.docs.map((doc) => doc.data()) });
    };
    // Its own name in functions-framework's registry, so the stack's tickets function is left alone.
    const floorHost = await hostFunction('bench-floor' as Domain, bare);
    const rows: Row[] = [];
    try {
      for (const query of QUERIES) {
        ctx.log(`browse ${query.name}: 50 connections, ${seconds} s (and the same for the bare handler)`);
        const ours = await load({ title: `GET ${query.path}`, url: `${ctx.stack.origin}${query.path}`, connections: 50, seconds });
        const floor = await load({
          title: `bare ${query.name}`,
          url: `${floorHost.url}/?kind=${query.name === 'search' ? 'search' : 'filter'}`,
          connections: 50,
          seconds,
        });
        const rps = ratioRow(
          `browse ${query.name}, req/s (50 conn., ${seconds} s)`,
          ours.requestsPerSecond,
          'req/s',
          floor.requestsPerSecond,
          { atLeast: 0.6 },
          `non-2xx: ${ours.total - (ours.statuses['200'] ?? 0)} (statuses ${JSON.stringify(ours.statuses)})`,
        );
        const p99 = ratioRow(`browse ${query.name}, p99`, ours.p99, 'ms', floor.p99, { atMost: 3 }, `p50 ${ours.p50} ms vs ${floor.p50} ms`);
        // A request that did not answer 200 (a wrong path, a limit) is not a page served: the figure cannot count it.
        if (ours.total !== (ours.statuses['200'] ?? 0) || floor.total !== (floor.statuses['200'] ?? 0)) rps.met = false;
        rows.push(rps, p99);
      }
    } finally {
      await closeServer(floorHost.server);
    }
    return rows;
  },
};
