import type { Firestore, QueryDocumentSnapshot } from '@google-cloud/firestore';
import { listTicketsQuerySchema, ticketListSchema, ValidationError, type TicketList } from '@tickethub/shared';
import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import { planListQuery } from './query';
import { inspectTicket, ticketRef, toApiTicket, type StoredTicket } from './store';

/** How many documents one request may read while matching extra query words, so a rare phrase cannot scan the store. */
const MAX_SCANNED = 500;

export function listTicketsRoute({ db }: Platform) {
  return defineRoute({
    method: 'GET',
    path: '/api/tickets',
    access: 'public',
    query: listTicketsQuerySchema,
    summary: 'Search and browse tickets with filters, sorts and cursor pagination',
    response: ticketListSchema,
    handler: async ({ query, user, log }) => {
      const plan = planListQuery(db, query, user);
      const start = query.cursor ? await cursorSnapshot(db, query.cursor) : undefined;
      const matches = (ticket: StoredTicket) => plan.extraTerms.every((term) => ticket.searchTerms.includes(term));

      const items: StoredTicket[] = [];
      let last: QueryDocumentSnapshot | undefined = start;
      let scanned = 0;
      let exhausted = false;
      // One extra item tells whether there is a next page; the cursor is the last ticket returned.
      while (items.length <= query.limit && !exhausted && scanned < MAX_SCANNED) {
        const batchSize = plan.extraTerms.length > 0 ? 100 : query.limit + 1 - items.length;
        const page = await (last ? plan.query.startAfter(last) : plan.query).limit(batchSize).get();
        scanned += page.size;
        exhausted = page.size < batchSize;
        for (const doc of page.docs) {
          last = doc;
          const read = inspectTicket(doc);
          // One damaged listing must not take the shop down: it is logged for `npm run repair` and left out.
          if (read.kind === 'unreadable') log.error('unreadable listing skipped', { ticketId: read.id, problems: read.problems });
          else if (read.kind === 'ok' && matches(read.ticket)) items.push(read.ticket);
          if (items.length > query.limit) break;
        }
      }
      const pageItems = items.slice(0, query.limit);
      // A full page continues after its last item; a page cut short by the scan bound continues after the last read.
      const nextCursor = items.length > query.limit ? pageItems.at(-1)!.id : !exhausted && last ? last.id : null;
      const body: TicketList = { items: pageItems.map((ticket) => toApiTicket(ticket, user)), nextCursor };
      return { body };
    },
  });
}

async function cursorSnapshot(db: Firestore, cursor: string): Promise<QueryDocumentSnapshot> {
  const ref = ticketRef(db, cursor);
  const snapshot = ref ? await ref.get() : null;
  if (!snapshot?.exists) throw new ValidationError([{ message: 'Invalid cursor', field: 'cursor' }]);
  return snapshot as QueryDocumentSnapshot;
}
