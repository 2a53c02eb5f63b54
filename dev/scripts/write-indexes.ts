import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../stack/settings';
import { requiredIndexes } from '@tickethub/functions/src/indexes';
import { requiredFieldOverrides } from '@tickethub/functions/src/platform/index-exemptions';
import { queryPlans, storedCollections } from '@tickethub/functions/src/stored-collections';

/**
 * `npx tsx dev/scripts/write-indexes.ts`: rewrites firestore.indexes.json from the code: the composite indexes from
 * the query code of every domain (functions/src/indexes.ts) and the single-field exemptions (fieldOverrides).
 */
const path = join(REPO_ROOT, 'firestore.indexes.json');
const file = JSON.parse(readFileSync(path, 'utf8')) as { indexes: unknown[]; fieldOverrides: unknown[] };
file.indexes = requiredIndexes();
file.fieldOverrides = requiredFieldOverrides(storedCollections(), queryPlans());
writeFileSync(path, JSON.stringify(file, null, 2) + '\n');
console.log(`firestore.indexes.json: ${file.indexes.length} composite indexes, ${file.fieldOverrides.length} field exemptions`);
