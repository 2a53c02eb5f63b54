import type { Query } from '@google-cloud/firestore';
import { z } from 'zod';
import { storedTimestamp } from './firestore';

/**
 * Which single-field indexes Firestore must NOT keep, derived from what we store and how we query it.
 *
 * Firestore indexes every field of every document by default. An index on a field whose values only grow (a
 * timestamp taken from the clock) takes every new write at its one growing end, which Google documents as a ceiling
 * of about 500 writes/s per collection; a map or array is indexed entry by entry, so a large one multiplies every
 * write. The rule this module derives, and its test enforces:
 *  - every clock-derived time field, map, array or declared large field that no query needs on its own is exempted
 *    (`fieldOverrides` in firestore.indexes.json with no indexes, which Terraform applies), TTL fields included;
 *  - a query that filters or sorts on a clock-derived time field of a hot collection has an equality on a scattered
 *    field (a random id, a shard number) before it, so its composite index is many short ranges, not one tail.
 */

export interface StoredCollection {
  collection: string;
  /** The stored document, as its zod schema: time fields are `storedTimestamp` (or z.date()). */
  schema: z.ZodObject;
  /** Written at the rate of reservations or events (an on-sale), as opposed to listings or signups. */
  hot: boolean;
  /** Fields whose values are spread over their whole range (random ids, hashes, shard numbers). */
  scattered?: string[];
  /** Time fields not taken from the clock (an event's date chosen by its seller): they do not only grow. */
  unclocked?: string[];
  /** Strings that can be long (free text) and are never looked up. */
  large?: string[];
  /** The field Firestore's TTL policy deletes documents by. */
  ttl?: string;
}

/** The fields a query reads, in index order: equalities, array-contains, then orderings and ranges. */
export interface QueryPlan {
  collection: string;
  equality: string[];
  arrayContains?: string;
  ordered: string[];
}

export interface FieldOverride {
  collectionGroup: string;
  fieldPath: string;
  ttl: boolean;
  indexes: never[];
}

type Kind = 'time' | 'large' | 'plain';

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = (current as unknown as { def: { type: string; innerType?: z.ZodType } }).def;
    if (!def.innerType || !['optional', 'nullable', 'default', 'readonly'].includes(def.type)) return current;
    current = def.innerType;
  }
}

function kindOf(schema: z.ZodType): Kind {
  const inner = unwrap(schema);
  if (inner === storedTimestamp || inner instanceof z.ZodDate) return 'time';
  if (inner instanceof z.ZodObject || inner instanceof z.ZodArray || inner instanceof z.ZodRecord) return 'large';
  return 'plain';
}

/** The fields of a stored document that only grow or are large, by the schema and the collection's declarations. */
export function riskyFields(stored: StoredCollection): Array<{ field: string; monotonic: boolean }> {
  return Object.entries(stored.schema.shape).flatMap(([field, schema]): Array<{ field: string; monotonic: boolean }> => {
    const kind = kindOf(schema as z.ZodType);
    const clocked = kind === 'time' && !stored.unclocked?.includes(field);
    if (clocked) return [{ field, monotonic: true }];
    if (kind === 'large' || stored.large?.includes(field) || stored.ttl === field) return [{ field, monotonic: false }];
    return [];
  });
}

/** A plan that one field's automatic index serves on its own (no composite index): that index must stay. */
function singleFieldOf(plan: QueryPlan): string | null {
  const fields = new Set([...plan.equality, ...(plan.arrayContains ? [plan.arrayContains] : []), ...plan.ordered]);
  return fields.size === 1 ? [...fields][0]! : null;
}

/** The `fieldOverrides` firestore.indexes.json must hold: every risky field no single-field query needs. */
export function requiredFieldOverrides(collections: StoredCollection[], plans: QueryPlan[]): FieldOverride[] {
  return collections.flatMap((stored) => {
    const needed = new Set(plans.filter((plan) => plan.collection === stored.collection).map(singleFieldOf));
    return riskyFields(stored)
      .filter(({ field }) => !needed.has(field))
      .map(({ field }) => ({ collectionGroup: stored.collection, fieldPath: field, ttl: stored.ttl === field, indexes: [] }));
  });
}

/** Queries on a hot collection that order or range over a clock-derived field without a scattered equality first. */
export function hotspotQueries(collections: StoredCollection[], plans: QueryPlan[]): Array<{ plan: QueryPlan; field: string }> {
  return plans.flatMap((plan) => {
    const stored = collections.find((candidate) => candidate.collection === plan.collection);
    if (!stored?.hot) return [];
    const monotonic = new Set(
      riskyFields(stored)
        .filter((risk) => risk.monotonic)
        .map((risk) => risk.field),
    );
    const scatteredPrefix = plan.equality.some((field) => stored.scattered?.includes(field));
    return scatteredPrefix ? [] : plan.ordered.filter((field) => monotonic.has(field)).map((field) => ({ plan, field }));
  });
}

interface StructuredFilter {
  fieldFilter?: { field: { fieldPath: string }; op: string };
  compositeFilter?: { filters: StructuredFilter[] };
  unaryFilter?: { field: { fieldPath: string } };
}

/**
 * The plan of a real Firestore query object, read from the request the client library would send (its structured
 * query, the public RunQuery wire format), so a plan can never differ from the query the code runs.
 */
export function planOf(query: Query): QueryPlan {
  const structured = (
    query as unknown as {
      toStructuredQuery(): { from: Array<{ collectionId: string }>; where?: StructuredFilter; orderBy?: Array<{ field: { fieldPath: string } }> };
    }
  ).toStructuredQuery();
  const filters: Array<{ field: string; op: string }> = [];
  const walk = (filter: StructuredFilter | undefined) => {
    if (filter?.fieldFilter) filters.push({ field: filter.fieldFilter.field.fieldPath, op: filter.fieldFilter.op });
    if (filter?.unaryFilter) filters.push({ field: filter.unaryFilter.field.fieldPath, op: 'EQUAL' });
    filter?.compositeFilter?.filters.forEach(walk);
  };
  walk(structured.where);
  const ordered = [
    ...(structured.orderBy ?? []).map((order) => order.field.fieldPath),
    ...filters.filter((f) => !['EQUAL', 'ARRAY_CONTAINS'].includes(f.op)).map((f) => f.field),
  ];
  return {
    collection: structured.from[0]!.collectionId,
    equality: [...new Set(filters.filter((f) => f.op === 'EQUAL').map((f) => f.field))],
    arrayContains: filters.find((f) => f.op === 'ARRAY_CONTAINS')?.field,
    ordered: [...new Set(ordered)].filter((field) => field !== '__name__'),
  };
}
