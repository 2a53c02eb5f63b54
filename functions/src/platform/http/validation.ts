import { ValidationError, type ErrorItem } from '@tickethub/shared';
import type { z } from 'zod';

/** Parses one part of a request; every zod issue becomes one error item naming its field. */
export function parseInput<T extends z.ZodType>(schema: T | undefined, value: unknown, part: 'body' | 'query' | 'params'): z.infer<T> {
  if (!schema) return value as z.infer<T>;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(issuesToItems(result.error.issues, part));
}

export function issuesToItems(issues: readonly z.core.$ZodIssue[], part = 'body'): ErrorItem[] {
  return issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    const message = issue.code === 'unrecognized_keys' ? `Unknown field: ${issue.keys.join(', ')}` : issue.message;
    return { message, field: field || (part === 'body' ? undefined : part), code: 'VALIDATION' };
  });
}
