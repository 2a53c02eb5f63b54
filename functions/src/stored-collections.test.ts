import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Firestore } from '@google-cloud/firestore';
import { REPO_ROOT } from '@tickethub/dev/stack/settings';
import { domains } from '@tickethub/shared';
import { z } from 'zod';
import { storedTimestamp } from './platform/firestore';
import { hotspotQueries, planOf, requiredFieldOverrides, type FieldOverride } from './platform/index-exemptions';
import { queryPlans, storedCollections } from './stored-collections';
import { ORDERS } from './orders/store';

const file = JSON.parse(readFileSync(join(REPO_ROOT, 'firestore.indexes.json'), 'utf8')) as {
  indexes: Array<{ collectionGroup: string; fields: Array<{ fieldPath: string; order?: string }> }>;
  fieldOverrides: FieldOverride[];
};
const key = (override: FieldOverride) => `${override.collectionGroup}.${override.fieldPath}${override.ttl ? ' (ttl)' : ''}`;
const declared = () =>
  file.fieldOverrides
    .filter((o) => o.indexes.length === 0)
    .map(key)
    .sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('-support.ts') ? [path] : [];
  });
}

describe('index exemptions (derived from stored schemas and query plans)', () => {
  it('firestore.indexes.json exempts exactly the monotonic, large and TTL fields no single-field query needs', () => {
    expect(declared()).toEqual(requiredFieldOverrides(storedCollections(), queryPlans()).map(key).sort());
  });

  it('no exemption in firestore.indexes.json takes the single-field index a planned query runs on (the dead-letter list among them)', () => {
    const exempted = new Set(declared());
    const conflicts = queryPlans()
      .filter((plan) => new Set([...plan.equality, ...(plan.arrayContains ? [plan.arrayContains] : []), ...plan.ordered]).size === 1)
      .flatMap((plan) => [...plan.equality, ...plan.ordered].map((field) => `${plan.collection}.${field}`))
      .filter((field) => exempted.has(field));
    expect(conflicts).toEqual([]);
    expect(queryPlans()).toContainEqual({ collection: 'bridge_dead_letters', equality: [], ordered: ['deadAt'], arrayContains: undefined });
  });

  it('no query orders or ranges a hot collection by a clock-derived field without a scattered equality first', () => {
    expect(hotspotQueries(storedCollections(), queryPlans())).toEqual([]);
  });

  it('the relay’s index puts the shard first, in every domain’s outbox', () => {
    for (const domain of domains) {
      expect(file.indexes).toContainEqual(
        expect.objectContaining({
          collectionGroup: `${domain}_outbox`,
          fields: [
            { fieldPath: 'shard', order: 'ASCENDING' },
            { fieldPath: 'sent', order: 'ASCENDING' },
            { fieldPath: 'createdAt', order: 'ASCENDING' },
          ],
        }),
      );
    }
  });

  it('every collection the code names is described (a new collection cannot skip the rule)', () => {
    const described = new Set(storedCollections().map((stored) => stored.collection));
    const named = sourceFiles(__dirname).flatMap((path) =>
      [...readFileSync(path, 'utf8').matchAll(/['`]((?:auth|tickets|orders|payments|expiration|payouts|notifications)_[a-z_]+)['`]/g)].map(
        (match) => `${match[1]} (${relative(__dirname, path)})`,
      ),
    );
    expect(named.filter((name) => !described.has(name.split(' ')[0]!))).toEqual([]);
  });

  // The attempts to break the rule: the checks above must catch them.
  it('a new monotonic field left un-exempted is caught', () => {
    const collections = storedCollections().map((stored) =>
      stored.collection === ORDERS ? { ...stored, schema: stored.schema.extend({ paidAt: storedTimestamp.nullable() }) } : stored,
    );
    const required = requiredFieldOverrides(collections, queryPlans()).map(key);
    expect(required.filter((k) => !declared().includes(k))).toEqual([`${ORDERS}.paidAt`]);
  });

  it('a new query sorting a hot collection by time alone is caught, and keeps that field’s index', () => {
    const db = new Firestore({ projectId: 'index-planning' });
    const plans = [...queryPlans(), planOf(db.collection(ORDERS).orderBy('createdAt', 'desc'))];
    expect(hotspotQueries(storedCollections(), plans)).toEqual([expect.objectContaining({ field: 'createdAt' })]);
    expect(requiredFieldOverrides(storedCollections(), plans).map(key)).not.toContain(`${ORDERS}.createdAt`);
  });

  it('a map field counts as large and is exempted unless a query needs it', () => {
    const stored = { collection: 'x_things', schema: z.object({ data: z.record(z.string(), z.unknown()), name: z.string() }), hot: true };
    expect(requiredFieldOverrides([stored], []).map(key)).toEqual(['x_things.data']);
  });
});
