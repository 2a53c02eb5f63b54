import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@tickethub/dev/stack/settings';
import { requiredIndexes } from './indexes';
import { listOrdersQueries } from './orders/list';
import { ORDER_SHARDS } from './orders/store';
import { indexFor, indexKey, type CompositeIndex } from './platform/indexes';
import { Firestore } from '@google-cloud/firestore';

const declared = (JSON.parse(readFileSync(join(REPO_ROOT, 'firestore.indexes.json'), 'utf8')) as { indexes: CompositeIndex[] }).indexes;
const keys = new Set(declared.map((index) => indexKey({ ...index, queryScope: index.queryScope ?? 'COLLECTION' })));

describe('indexes', () => {
  it('firestore.indexes.json holds a composite index for every query any domain makes', () => {
    expect(requiredIndexes().filter((index) => !keys.has(indexKey(index)))).toEqual([]);
  });

  it('holds nothing no query needs (a stale index costs writes)', () => {
    const needed = new Set(requiredIndexes().map(indexKey));
    expect([...keys].filter((key) => !needed.has(key))).toEqual([]);
  });

  it('derives GET /api/orders’ index (userId ==, newest first) and the admin’s per-shard one (shard ==, newest first)', () => {
    const db = new Firestore({ projectId: 'index-test' });
    expect(listOrdersQueries(db, { userId: 'u1' }).map(indexFor)).toEqual([
      {
        collectionGroup: 'orders_orders',
        queryScope: 'COLLECTION',
        fields: [
          { fieldPath: 'userId', order: 'ASCENDING' },
          { fieldPath: 'createdAt', order: 'DESCENDING' },
        ],
      },
    ]);
    const admin = listOrdersQueries(db, { all: true }).map(indexFor);
    expect(admin).toHaveLength(ORDER_SHARDS);
    for (const index of admin) {
      expect(index).toEqual({
        collectionGroup: 'orders_orders',
        queryScope: 'COLLECTION',
        fields: [
          { fieldPath: 'shard', order: 'ASCENDING' },
          { fieldPath: 'createdAt', order: 'DESCENDING' },
        ],
      });
    }
  });

  it('needs no composite index for equality filters alone or a single field', () => {
    const db = new Firestore({ projectId: 'index-test' });
    expect(indexFor(db.collection('x').where('a', '==', 1).where('b', '==', 2))).toBeNull();
    expect(indexFor(db.collection('x').where('a', '>', 1).orderBy('a'))).toBeNull();
    expect(indexFor(db.collection('x').where('a', '==', 1).where('b', '>', 2))).not.toBeNull();
  });

  it('stays within Firestore’s limit of 200 composite indexes per database', () => {
    expect(declared.length).toBeLessThanOrEqual(200);
  });
});
