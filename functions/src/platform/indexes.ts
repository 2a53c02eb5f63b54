import type { Query } from '@google-cloud/firestore';

export interface IndexField {
  fieldPath: string;
  order?: 'ASCENDING' | 'DESCENDING';
  arrayConfig?: 'CONTAINS';
}
export interface CompositeIndex {
  collectionGroup: string;
  queryScope: 'COLLECTION' | 'COLLECTION_GROUP';
  fields: IndexField[];
}

type FieldFilter = { field: { fieldPath: string }; op: string };
type Filter = { fieldFilter?: FieldFilter; compositeFilter?: { filters: Filter[] }; unaryFilter?: { field: { fieldPath: string } } };
interface StructuredQuery {
  from: Array<{ collectionId: string; allDescendants?: boolean }>;
  where?: Filter;
  orderBy?: Array<{ field: { fieldPath: string }; direction?: string }>;
}

const EQUALITY = new Set(['EQUAL', 'IN']);
const ARRAY = new Set(['ARRAY_CONTAINS', 'ARRAY_CONTAINS_ANY']);

function fieldFilters(filter: Filter | undefined): FieldFilter[] {
  if (!filter) return [];
  if (filter.fieldFilter) return [filter.fieldFilter];
  if (filter.unaryFilter) return [{ field: filter.unaryFilter.field, op: 'EQUAL' }];
  return (filter.compositeFilter?.filters ?? []).flatMap(fieldFilters);
}

/**
 * The composite index a query needs, or null when Firestore's automatic single-field indexes serve it (one field
 * only, or equality filters alone, which Firestore merges). Read from the query's own wire form (what is sent to
 * Firestore), so it holds for any query any domain builds: equalities first, then the array filter, then the sort
 * fields in order, then ranges that are not sorted on.
 */
export function indexFor(query: Query): CompositeIndex | null {
  // toProto is public at run time (not in the typings): the request Firestore would receive.
  const structured = (query as unknown as { toProto(): { structuredQuery: StructuredQuery } }).toProto().structuredQuery;
  const filters = fieldFilters(structured.where);
  const equality = [...new Set(filters.filter((f) => EQUALITY.has(f.op)).map((f) => f.field.fieldPath))];
  const array = filters.find((f) => ARRAY.has(f.op))?.field.fieldPath;
  const orders = (structured.orderBy ?? []).filter((o) => o.field.fieldPath !== '__name__');
  const ordered = new Set(orders.map((o) => o.field.fieldPath));
  const ranges = [...new Set(filters.filter((f) => !EQUALITY.has(f.op) && !ARRAY.has(f.op) && f.op !== 'NOT_EQUAL').map((f) => f.field.fieldPath))].filter(
    (field) => !ordered.has(field) && !equality.includes(field),
  );
  const fields: IndexField[] = [
    ...equality.map((fieldPath) => ({ fieldPath, order: 'ASCENDING' as const })),
    ...(array ? [{ fieldPath: array, arrayConfig: 'CONTAINS' as const }] : []),
    ...orders.map((o) => ({ fieldPath: o.field.fieldPath, order: o.direction === 'DESCENDING' ? ('DESCENDING' as const) : ('ASCENDING' as const) })),
    ...ranges.map((fieldPath) => ({ fieldPath, order: 'ASCENDING' as const })),
  ];
  const distinct = new Set(fields.map((f) => f.fieldPath));
  const sortedOrRanged = orders.length + ranges.length;
  // Served without a composite index: a single field, or equalities only (merged by Firestore).
  if (distinct.size <= 1 || sortedOrRanged === 0) return null;
  const [from] = structured.from;
  return { collectionGroup: from!.collectionId, queryScope: from!.allDescendants ? 'COLLECTION_GROUP' : 'COLLECTION', fields };
}

/** Identity of an index: collection, scope and its fields in order (how firestore.indexes.json is compared). */
export function indexKey(index: CompositeIndex): string {
  return `${index.collectionGroup}:${index.queryScope ?? 'COLLECTION'}:${index.fields.map((f) => `${f.fieldPath}/${f.order ?? f.arrayConfig}`).join(',')}`;
}
