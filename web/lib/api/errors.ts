import type { ErrorEnvelope } from '@tickethub/shared';

export type ApiErrorItem = ErrorEnvelope['errors'][number];

/** A non-2xx answer of the API, with its error envelope, so pages can tell 401/404/409 apart. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly errors: ApiErrorItem[],
    options?: { cause?: unknown },
  ) {
    super(errors.map((error) => error.message).join('; ') || `API answered ${status}`, options);
  }

  /** Field errors keyed by input name, first message per field; the rest go to `general`. */
  byField(): { fields: Record<string, string>; general: string[] } {
    const fields: Record<string, string> = {};
    const general: string[] = [];
    for (const error of this.errors) {
      const field = error.field?.split('.')[0];
      if (field && !(field in fields)) fields[field] = error.message;
      else if (!field) general.push(error.message);
    }
    return { fields, general };
  }
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}
