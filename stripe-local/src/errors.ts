/**
 * Stripe's error envelope: `{"error": {type, code?, message, param?, ...}}` with the HTTP status the official SDK maps
 * to its error classes (400/404 → StripeInvalidRequestError, 401 → StripeAuthenticationError, 402 → StripeCardError).
 */
export type StripeErrorType = 'invalid_request_error' | 'card_error' | 'idempotency_error' | 'api_error';

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
  doc_url?: string;
  [extra: string]: unknown;
}

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    /**
     * Stripe saves an idempotent result only once the endpoint started executing; a request that failed parameter
     * validation can be retried with the same key after fixing it.
     */
    readonly replayable = true,
  ) {
    super(body.message);
    this.name = 'StripeApiError';
  }
}

function docUrl(code: string): string {
  return `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`;
}

/** A bad or missing parameter: 400, not saved for idempotent replay. */
export function paramError(param: string, message: string, code = 'parameter_invalid'): StripeApiError {
  return new StripeApiError(400, { type: 'invalid_request_error', code, param, message, doc_url: docUrl(code) }, false);
}

export function missingParam(param: string): StripeApiError {
  return paramError(param, `Missing required param: ${param}.`, 'parameter_missing');
}

export function unknownParam(param: string, supported: readonly string[]): StripeApiError {
  return paramError(param, `Received unknown parameter: ${param}. (The local Stripe stand-in supports: ${supported.join(', ')}.)`, 'parameter_unknown');
}

/** 404 for the resource in the URL, 400 for one named by a parameter (`payment_method=pm_nope`), as on Stripe. */
export function resourceMissing(kind: string, id: string, param = 'id', status = 404): StripeApiError {
  const code = 'resource_missing';
  return new StripeApiError(status, { type: 'invalid_request_error', code, param, message: `No such ${kind}: '${id}'`, doc_url: docUrl(code) }, false);
}

export function unexpectedState(message: string, extra: Record<string, unknown> = {}): StripeApiError {
  const code = 'payment_intent_unexpected_state';
  return new StripeApiError(400, { type: 'invalid_request_error', code, message, doc_url: docUrl(code), ...extra });
}

export function invalidRequest(message: string, extra: Partial<StripeErrorBody> = {}): StripeApiError {
  return new StripeApiError(400, { type: 'invalid_request_error', message, ...extra });
}

export function authenticationError(message: string): StripeApiError {
  return new StripeApiError(401, { type: 'invalid_request_error', message }, false);
}

export function routeNotFound(method: string, path: string): StripeApiError {
  return new StripeApiError(
    404,
    { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}). The local Stripe stand-in serves only what TicketHub uses.` },
    false,
  );
}

export function cardError(fields: { code: string; decline_code: string; message: string; [extra: string]: unknown }): StripeApiError {
  return new StripeApiError(402, { type: 'card_error', doc_url: docUrl(fields.code), ...fields });
}

export function idempotencyError(message: string, status = 400): StripeApiError {
  return new StripeApiError(status, { type: 'idempotency_error', message }, false);
}

export function internalError(): StripeApiError {
  return new StripeApiError(500, { type: 'api_error', message: 'An unknown error occurred in the local Stripe stand-in.' }, false);
}
