import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { INTERNAL_ERROR_MESSAGE } from '@tickethub/shared';

type Handle = (req: IncomingMessage, res: ServerResponse, done?: (error?: unknown) => void) => unknown;

let installed = false;

/**
 * functions-framework (v5) parses JSON bodies with body-parser before our function runs, in an Express app it builds
 * itself and gives no error middleware: a malformed body ends in Express's final handler, an HTML 400 page. It offers
 * no option for that (its flags are port, target, source, signature-type, timeout, ignored-routes) and the app is
 * created after our module is loaded. So, loaded first, we give Express's apps a final handler that answers in the
 * API's error envelope: 4xx parse errors (malformed JSON, too large, bad charset) keep their status, anything else
 * is a 500 without details. Patched on functions-framework's own copy of Express, before its app is created.
 */
export function answerBodyErrorsWithEnvelope(): void {
  if (installed) return;
  installed = true;
  const requireFromFramework = createRequire(require.resolve('@google-cloud/functions-framework'));
  const application = (requireFromFramework('express') as { application: { handle: Handle } }).application;
  const original = application.handle;
  application.handle = function handle(this: unknown, req, res, done) {
    return original.call(this, req, res, done ?? ((error?: unknown) => sendEnvelope(res, error)));
  };
}

export function sendEnvelope(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const status = error === undefined ? 404 : ((error as { status?: number }).status ?? 500);
  const known = status >= 400 && status < 500;
  const type = String((error as { type?: string } | undefined)?.type ?? '');
  const item =
    error === undefined
      ? { message: 'Not found', code: 'NOT_FOUND' }
      : type === 'entity.parse.failed'
        ? { message: 'Request body is not valid JSON', code: 'INVALID_JSON' }
        : known
          ? { message: (error as Error).message || 'Bad request', code: 'BAD_REQUEST' }
          : { message: INTERNAL_ERROR_MESSAGE, code: 'INTERNAL' };
  res.statusCode = known || error === undefined ? status : 500;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ errors: [item] }));
}
