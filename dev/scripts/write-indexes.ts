import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { domains } from '@tickethub/shared';
import { REPO_ROOT } from '../stack/settings';
import { requiredFieldOverrides } from '@tickethub/functions/src/platform/index-exemptions';
import { queryPlans, storedCollections } from '@tickethub/functions/src/stored-collections';
import { ticketListIndexes } from '@tickethub/functions/src/tickets/indexes';
import { LISTINGS } from '@tickethub/functions/src/tickets/store';

/**
 * `npx tsx dev/scripts/write-indexes.ts`: rewrites firestore.indexes.json from the code: the tickets list's composite
 * indexes, every outbox's relay index (shard, sent, createdAt), and the single-field exemptions (fieldOverrides).
 */
const path = join(REPO_ROOT, 'firestore.indexes.json');
const file = JSON.parse(readFileSync(path, 'utf8')) as { indexes: Array<{ collectionGroup: string }>; fieldOverrides: unknown[] };
const outboxes = new Set(domains.map((domain) => `${domain}_outbox`));
const relayIndexes = [...outboxes].map((collectionGroup) => ({
  collectionGroup,
  queryScope: 'COLLECTION',
  fields: [
    { fieldPath: 'shard', order: 'ASCENDING' },
    { fieldPath: 'sent', order: 'ASCENDING' },
    { fieldPath: 'createdAt', order: 'ASCENDING' },
  ],
}));
file.indexes = [
  ...relayIndexes,
  ...file.indexes.filter((index) => index.collectionGroup !== LISTINGS && !outboxes.has(index.collectionGroup)),
  ...ticketListIndexes(),
];
file.fieldOverrides = requiredFieldOverrides(storedCollections(), queryPlans());
writeFileSync(path, JSON.stringify(file, null, 2) + '\n');
console.log(`firestore.indexes.json: ${file.indexes.length} composite indexes, ${file.fieldOverrides.length} field exemptions`);
