import type { HttpFunction, Request, Response } from '@google-cloud/functions-framework';
import { AppError, ForbiddenError, NotFoundError, UnauthorizedError, ValidationError, type ErrorItem } from '@tickethub/shared';
import { traceField } from '../logger';
import type { Platform } from '../platform';
import { assertInternalCaller } from '../internal-auth';
import { resolveSession, tokenFrom, verifySession, type CurrentUser } from '../session';
import { toErrorResponse } from './errors';
import { assertBodyWithinLimit, assertContentType, assertJsonBody, assertSameOrigin } from './guards';
import { requestIdFrom } from './request-id';
import { compileRoute, matchPath, type AnyRoute, type RouteResult } from './route';
import { parseInput } from './validation';

/** Turns a domain's route table into one functions-framework HTTP function. */
export function createHttpFunction(platform: Platform, routes: AnyRoute[]): HttpFunction {
  const compiled = routes.map(compileRoute);

  return async (req: Request, res: Response) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    const log = platform.log.child({
      requestId,
      httpRequest: { requestMethod: req.method, requestUrl: req.originalUrl ?? req.url },
      ...traceField(platform.config.GOOGLE_CLOUD_PROJECT, (req.headers['x-cloud-trace-context'] ?? req.headers.traceparent) as string | undefined),
    });
    try {
      const path = (req.path || '/').replace(/\/+$/, '') || '/';
      const candidates = compiled.map((entry) => ({ entry, params: matchPath(entry, path) })).filter((c) => c.params);
      const hit = candidates.find((c) => c.entry.route.method === req.method || (req.method === 'HEAD' && c.entry.route.method === 'GET'));
      if (!hit?.params) {
        if (candidates.length > 0) throw new AppError(405, 'METHOD_NOT_ALLOWED', `Method ${req.method} not allowed`);
        throw new NotFoundError('Route not found', 'ROUTE_NOT_FOUND');
      }
      const { route } = hit.entry;
      // The limit depends on the route (a ticket file may be 2 MB), so it is checked once the route is known.
      assertBodyWithinLimit(req, route.bodyLimitBytes);
      if (!route.rawBody) assertJsonBody(req);
      else if (route.contentTypes) assertContentType(req, route.contentTypes);

      const user = await authorize(platform, route, req);
      const { params, query, body } = parseRequest(route, hit.params, req);
      const result = await route.handler({ body, query, params, user, requestId, log, req, res });
      if (!res.headersSent) send(res, result ?? { status: 204 });
    } catch (error) {
      const { status, body, headers } = toErrorResponse(error, log);
      if (res.headersSent) return;
      send(res, { status, body, headers });
    }
  };
}

/** The one place a route's access is enforced; handlers receive the user their access promises (UserFor). */
async function authorize(platform: Platform, route: AnyRoute, req: Request): Promise<CurrentUser | null> {
  if (route.access === 'internal') {
    // Our own services carry no session: an OIDC token (cloud) or the shared secret (local) proves the caller.
    await assertInternalCaller(req, platform.config);
    return null;
  }
  const credentials = tokenFrom(req.headers as { authorization?: string; cookie?: string });
  assertSameOrigin(req, credentials?.via ?? null);
  const user = credentials ? await currentUser(platform, credentials.token) : null;
  if (route.access !== 'public' && !user) throw new UnauthorizedError();
  if (route.access === 'admin' && user?.role !== 'admin') throw new ForbiddenError('Admins only');
  return user;
}

/** Params, query and body are all checked before answering, so the client sees every problem at once. */
function parseRequest(route: AnyRoute, rawParams: Record<string, string>, req: Request) {
  const problems: ErrorItem[] = [];
  const attempt = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      problems.push(...error.items);
      return undefined;
    }
  };
  const params = attempt(() => parseInput(route.params, rawParams, 'params'));
  const query = attempt(() => parseInput(route.query, req.query, 'query'));
  const body = attempt(() => parseInput(route.body, route.rawBody ? req.rawBody : (req.body ?? {}), 'body'));
  if (problems.length > 0) throw new ValidationError(problems);
  return { params, query, body };
}

async function currentUser(platform: Platform, token: string): Promise<CurrentUser | null> {
  const user = verifySession(token, platform.config.JWT_SECRET);
  if (!user) return null;
  return resolveSession(platform.db, user);
}

function send(res: Response, { status = 200, body, headers = {} }: RouteResult): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (body === undefined || status === 204) {
    res.status(status).end();
    return;
  }
  res.status(status).json(body);
}
