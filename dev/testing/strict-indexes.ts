import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Query } from '@google-cloud/firestore';
import { indexFor, indexKey, type CompositeIndex } from '@tickethub/functions/src/platform/indexes';
import { planOf, type FieldOverride } from '@tickethub/functions/src/platform/index-exemptions';
import { REPO_ROOT } from '../stack/settings';

export class MissingIndexError extends Error {
  override name = 'MissingIndexError';
  /** The gRPC code production Firestore answers with (FAILED_PRECONDITION): the function turns it into a 500. */
  code = 9;
}

let declared: Set<string> | null = null;
/** `collection/field` of every single-field index firestore.indexes.json exempts. */
let exempted: Set<string> = new Set();

const INDEXES_FILE = join(REPO_ROOT, 'firestore.indexes.json');

export function declaredIndexes(path = INDEXES_FILE): CompositeIndex[] {
  return (JSON.parse(readFileSync(path, 'utf8')) as { indexes: CompositeIndex[] }).indexes;
}

export function declaredExemptions(path = INDEXES_FILE): FieldOverride[] {
  return (JSON.parse(readFileSync(path, 'utf8')) as { fieldOverrides?: FieldOverride[] }).fieldOverrides ?? [];
}

/**
 * A query no composite index serves runs on single-field indexes, one per field it filters or sorts by; where
 * fieldOverrides exempted one, production Firestore refuses the query (the emulator ignores exemptions).
 */
function exemptedFieldOf(query: Query): string | undefined {
  const plan = planOf(query);
  const fields = [...plan.equality, ...(plan.arrayContains ? [plan.arrayContains] : []), ...plan.ordered];
  return fields.find((field) => exempted.has(`${plan.collection}/${field}`));
}

/**
 * Makes the emulator as strict as production Firestore about indexes: every query this process runs
 * (get, stream, count, inside transactions: all go through Query#toProto) is refused when it needs a composite index
 * that firestore.indexes.json (or the file given) does not declare, or that runs on a single-field index the file exempts; called again, it swaps the declared list. The test harness installs it, and the production rehearsal loads it
 * into each function process (--require), so a query without its index fails in tests as it would in the cloud.
 */
export function enforceIndexes(path?: string): void {
  const alreadyInstalled = declared !== null;
  declared = new Set(declaredIndexes(path).map((index) => indexKey({ ...index, queryScope: index.queryScope ?? 'COLLECTION' })));
  exempted = new Set(declaredExemptions(path).map((override) => `${override.collectionGroup}/${override.fieldPath}`));
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
        const field = needed ? undefined : exemptedFieldOf(this);
        if (field) {
          throw new MissingIndexError(
            `FAILED_PRECONDITION: The query needs the single-field index on ${field}, which firestore.indexes.json exempts (fieldOverrides)`,
          );
        }
      } finally {
        checking = false;
      }
    }
    return original.apply(this, args);
  };
}
