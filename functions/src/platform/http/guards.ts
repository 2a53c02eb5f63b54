import type { Request } from '@google-cloud/functions-framework';
import { ForbiddenError, PayloadTooLargeError, TICKET_FILE_LIMIT_BYTES, UnsupportedMediaTypeError } from '@tickethub/shared';

export const BODY_LIMIT_BYTES = 100_000;

/**
 * The most a request to this path may carry, known before the body is read (the local host refuses larger bodies
 * unread): the ticket file upload takes a PDF, everything else JSON. Each route still enforces its own limit.
 */
export function bodyLimitFor(path: string): number {
  return /^\/api\/tickets\/[^/]+\/file\/?$/.test(path) ? TICKET_FILE_LIMIT_BYTES : BODY_LIMIT_BYTES;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function bodyLength(req: Request): number {
  const declared = Number(req.headers['content-length'] ?? 0);
  return Math.max(Number.isFinite(declared) ? declared : 0, req.rawBody?.length ?? 0);
}

/** The route's own limit when it declares one (a file upload), else the JSON limit; checked before parsing. */
export function assertBodyWithinLimit(req: Request, limit = bodyLimitFor(req.path ?? req.url ?? '/')): void {
  if (bodyLength(req) > limit) throw new PayloadTooLargeError(limit);
}

/** A raw-body route that names its media types refuses any other (and a missing one) with 415. */
export function assertContentType(req: Request, accepted: string[]): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (!type || !accepted.includes(type)) throw new UnsupportedMediaTypeError(accepted);
}

/** A body that is not JSON is refused; a body-less POST or DELETE is fine. */
export function assertJsonBody(req: Request): void {
  if (bodyLength(req) === 0) return;
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new UnsupportedMediaTypeError();
}

/**
 * Cookie sessions ride along on cross-site requests, so a state change carrying the cookie must come from our
 * own origin. Bearer tokens are not sent by browsers on their own and need no such check.
 */
export function assertSameOrigin(req: Request, via: 'cookie' | 'bearer' | null): void {
  if (via !== 'cookie' || SAFE_METHODS.has(req.method)) return;
  const origin = req.headers.origin;
  if (!origin) return;
  const host = (req.headers['x-forwarded-host'] as string | undefined)?.split(',')[0]?.trim() ?? req.headers.host;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new ForbiddenError('Cross-origin request refused', 'AUTH.CROSS_ORIGIN');
  }
  if (!host || originHost !== host) throw new ForbiddenError('Cross-origin request refused', 'AUTH.CROSS_ORIGIN');
}
