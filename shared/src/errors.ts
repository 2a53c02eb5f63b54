/** One problem in an error response; `field` names the input path (`price`, `eventDate`). */
export interface ErrorItem {
  message: string;
  field?: string;
  code?: string;
}

/**
 * An expected failure with a stable code. Domains throw these; the HTTP layer maps them to the
 * error envelope in exactly one place, so a status code is decided where the rule is.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly items: ErrorItem[] = [{ message, code }],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(items: ErrorItem[], message = items[0]?.message ?? 'Invalid input') {
    super(400, 'VALIDATION', message, items);
  }
}

/** A 400 that is about the request as a whole, like "Invalid credentials". */
export class BadRequestError extends AppError {
  constructor(message: string, code = 'BAD_REQUEST') {
    super(400, code, message);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Not authorized', code = 'AUTH.UNAUTHORIZED') {
    super(401, code, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Forbidden', code = 'AUTH.FORBIDDEN') {
    super(403, code, message);
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Not found', code = 'NOT_FOUND') {
    super(404, code, message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, code = 'CONFLICT') {
    super(409, code, message);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super(413, 'PAYLOAD_TOO_LARGE', `Request body is larger than ${Math.round(limitBytes / 1000)} kB`);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  /** `accepted`: the media types the route takes (a file upload names its own; every other route takes JSON). */
  constructor(accepted: readonly string[] = ['application/json']) {
    super(415, 'UNSUPPORTED_MEDIA_TYPE', `Request body must be ${accepted.join(' or ')}`);
  }
}

export class RateLimitError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    message = 'Too many requests',
  ) {
    super(429, 'RATE_LIMITED', message);
  }
}

/** A dependency (Firestore, NATS) is down: nothing changed and the request may be retried. */
export class UnavailableError extends AppError {
  constructor(message = 'Service temporarily unavailable', options?: { cause?: unknown }) {
    super(503, 'UNAVAILABLE', message, undefined, options);
  }
}

export const INTERNAL_ERROR_MESSAGE = 'Something went wrong';
