/**
 * `npm run repair`: finds stored documents that no longer parse with the schema their domain reads them with (the
 * kind that once took the shop down), and prints each one's collection, id and problems. It changes nothing: lists
 * already skip such listings, and an admin withdraws one with DELETE /api/tickets/:id. Exit code 1 when any is found.
 * `--json` prints one JSON line per document. Which Firestore: see ./project.ts.
 */
import type { Firestore } from '@google-cloud/firestore';
import { ORDERS, storedOrderSchema } from '@tickethub/functions/src/orders/store';
import { replicaTicketSchema, TICKET_REPLICA } from '@tickethub/functions/src/orders/replica';
import { ORDER_REPLICA, replicaOrderSchema } from '@tickethub/functions/src/payments/replica';
import { PAYMENTS, storedPaymentSchema } from '@tickethub/functions/src/payments/store';
import { createFirestore } from '@tickethub/functions/src/platform/firestore';
import { LISTINGS, storedTicketSchema } from '@tickethub/functions/src/tickets/store';
import type { z } from 'zod';
import { opsProject } from './project';

/** Every domain collection whose documents are parsed on read, with the schema that parses them. */
export const CHECKED: Array<[collection: string, schema: z.ZodType]> = [
  [LISTINGS, storedTicketSchema],
  [ORDERS, storedOrderSchema],
  [TICKET_REPLICA, replicaTicketSchema],
  [PAYMENTS, storedPaymentSchema],
  [ORDER_REPLICA, replicaOrderSchema],
];

export interface Damaged {
  collection: string;
  id: string;
  problems: string[];
}

/** Pages through each collection (ordered by id, 500 at a time) so a large store is read in bounded memory. */
export async function findDamaged(db: Firestore, checked = CHECKED): Promise<Damaged[]> {
  const damaged: Damaged[] = [];
  for (const [collection, schema] of checked) {
    let last: string | undefined;
    for (;;) {
      let query = db.collection(collection).orderBy('__name__').limit(500);
      if (last) query = query.startAfter(last);
      const page = await query.get();
      for (const doc of page.docs) {
        const parsed = schema.safeParse(doc.data());
        if (!parsed.success) damaged.push({ collection, id: doc.id, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
      }
      if (page.size < 500) break;
      last = page.docs.at(-1)!.id;
    }
  }
  return damaged;
}

async function main(argv: string[]): Promise<number> {
  const db = createFirestore(opsProject());
  try {
    const damaged = await findDamaged(db);
    for (const item of damaged) console.log(argv.includes('--json') ? JSON.stringify(item) : `${item.collection}/${item.id}: ${item.problems.join('; ')}`);
    if (!argv.includes('--json')) console.log(damaged.length === 0 ? 'No damaged documents.' : `${damaged.length} damaged document(s).`);
    return damaged.length === 0 ? 0 : 1;
  } finally {
    await db.terminate();
  }
}

// Run as a command, not when a test imports findDamaged.
if (process.argv[1]?.endsWith('repair.ts')) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
