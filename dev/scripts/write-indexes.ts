import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../stack/settings';
import { ticketListIndexes } from '@tickethub/functions/src/tickets/indexes';
import { LISTINGS } from '@tickethub/functions/src/tickets/store';

/** `npx tsx dev/scripts/write-indexes.ts`: rewrites the tickets part of firestore.indexes.json from the query code. */
const path = join(REPO_ROOT, 'firestore.indexes.json');
const file = JSON.parse(readFileSync(path, 'utf8')) as { indexes: Array<{ collectionGroup: string }>; fieldOverrides: unknown[] };
file.indexes = [...file.indexes.filter((index) => index.collectionGroup !== LISTINGS), ...ticketListIndexes()];
writeFileSync(path, JSON.stringify(file, null, 2) + '\n');
console.log(`firestore.indexes.json: ${file.indexes.length} composite indexes`);
