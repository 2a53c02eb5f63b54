import { randomUUID } from 'node:crypto';
import { createDeadLetters } from '@tickethub/functions/src/platform/dead-letters';
import { createFirestore } from '@tickethub/functions/src/platform/firestore';
import { enforceIndexes } from './strict-indexes';

/**
 * The emulator ignores fieldOverrides; production refuses a query whose single-field index was exempted. The harness
 * refuses it too, so the dead-letter list (ordered by deadAt) is proven to run against the shipped index file.
 */
describe('strict indexes', () => {
  const db = createFirestore(`test-${randomUUID().slice(0, 12)}`);
  beforeAll(() => enforceIndexes());
  afterAll(() => db.terminate());

  it('refuses a query ordered by a field firestore.indexes.json exempts, as production Firestore does', async () => {
    // auth_revoked_sessions.revokedAt is exempted (a clock-derived field no query sorts by).
    await expect(db.collection('auth_revoked_sessions').orderBy('revokedAt').limit(1).get()).rejects.toThrow(/exempts/);
  });

  it('lets the dead-letter list run: the field it orders by keeps its index', async () => {
    const letters = createDeadLetters(db);
    await letters.record({ domain: 'orders', subject: 'order.created', eventId: randomUUID(), body: '{}', reason: 'HTTP 500', attempts: 3, publishedAt: null });
    expect(await letters.list(10)).toHaveLength(1);
  });
});
