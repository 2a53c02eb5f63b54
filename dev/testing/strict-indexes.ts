import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Query } from '@google-cloud/firestore';
import { indexFor, indexKey, type CompositeIndex } from '@tickethub/functions/src/platform/indexes';
import { REPO_ROOT } from '../stack/settings';

export class MissingIndexError extends Error {
  override name = 'MissingIndexError';
  /** The gRPC code production Firestore answers with (FAILED_PRECONDITION): the function turns it into a 500. */
  code = 9;
}

let declared: Set<string> | null = null;

export function declaredIndexes(path = join(REPO_ROOT, 'firestore.indexes.json')): CompositeIndex[] {
  return (JSON.parse(readFileSync(path, 'utf8')) as { indexes: CompositeIndex[] }).indexes;
}

/**
 * Makes the emulator as strict as production Firestore about composite indexes: every query this process runs
 * (get, stream, count, inside transactions: all go through Query#toProto) is refused when it needs a composite index
 * that firestore.indexes.json (or the file given) does not declare; called again, it swaps the declared list. The test harness installs it, and the production rehearsal loads it
 * into each function process (--require), so a query without its index fails in tests as it would in the cloud.
 */
export function enforceIndexes(path?: string): void {
  const alreadyInstalled = declared !== null;
  declared = new Set(declaredIndexes(path).map((index) => indexKey({ ...index, queryScope: index.queryScope ?? 'COLLECTION' })));
  if (alreadyInstalled) return;
  const prototype = Query.prototype as unknown as { toProto: (...args: unknown[]) => unknown };
  const original = prototype.toProto;
  let checking = false;
  prototype.toProto = function toProto(this: Query, ...args: unknown[]) {
    if (!checking) {
      checking = true;
      try {
        const needed = indexFor(this);
        if (needed && !declared!.has(indexKey(needed))) {
          throw new MissingIndexError(`FAILED_PRECONDITION: The query requires an index that firestore.indexes.json lacks: ${JSON.stringify(needed)}`);
        }
      } finally {
        checking = false;
      }
    }
    return original.apply(this, args);
  };
}
