import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../stack/settings';
import { requiredIndexes } from '@tickethub/functions/src/indexes';

/**
 * `npx tsx dev/scripts/write-indexes.ts`: rewrites firestore.indexes.json's composite indexes from the query code
 * of every domain (functions/src/indexes.ts). fieldOverrides are kept as they are.
 */
const path = join(REPO_ROOT, 'firestore.indexes.json');
const file = JSON.parse(readFileSync(path, 'utf8')) as { indexes: unknown[]; fieldOverrides: unknown[] };
file.indexes = requiredIndexes();
writeFileSync(path, JSON.stringify(file, null, 2) + '\n');
console.log(`firestore.indexes.json: ${file.indexes.length} composite indexes`);
