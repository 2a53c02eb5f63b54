import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@tickethub/dev/stack/settings';
import { ticketListIndexes } from './indexes';
import { LISTINGS } from './store';

describe('tickets › indexes', () => {
  const file = JSON.parse(readFileSync(join(REPO_ROOT, 'firestore.indexes.json'), 'utf8')) as {
    indexes: Array<{ collectionGroup: string; fields: unknown[] }>;
  };

  it('firestore.indexes.json holds a composite index for every query shape the ticket list can make', () => {
    const declared = new Set(file.indexes.filter((i) => i.collectionGroup === LISTINGS).map((i) => JSON.stringify(i.fields)));
    const missing = ticketListIndexes().filter((index) => !declared.has(JSON.stringify(index.fields)));
    expect(missing).toEqual([]);
  });

  it('stays within Firestore’s limit of 200 composite indexes per database', () => {
    expect(file.indexes.length).toBeLessThanOrEqual(200);
    expect(ticketListIndexes().length).toBeGreaterThan(10);
  });
});
