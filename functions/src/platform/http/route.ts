import type { Request, Response } from '@google-cloud/functions-framework';
import type { z } from 'zod';
import type { Logger } from '../logger';
import type { CurrentUser } from '../session';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route: anyone (the current user is read if present), a signed-in user, an admin, or only our own
 * services (the bridge, Cloud Tasks), proven by an OIDC token in the cloud and a shared secret locally.
 */
export type Access = 'public' | 'user' | 'admin' | 'internal';

/** The user a handler receives follows from its route's access: signed-in routes never see null. */
export type UserFor<A extends Access> = A extends 'user' | 'admin' ? CurrentUser : A extends 'internal' ? null : CurrentUser | null;

export interface RouteRequest<B, Q, P, U = CurrentUser | null> {
  body: B;
  query: Q;
  params: P;
  user: U;
  requestId: string;
  log: Logger;
  req: Request;
  res: Response;
}

export interface RouteResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType, A extends Access = Access> {
  method: Method;
  /** `/api/tickets/:id` style; `:name` segments become `params`. */
  path: string;
  access: A;
  body?: B;
  query?: Q;
  params?: P;
  /** The Stripe webhook reads the raw body itself and is exempt from the JSON-only rule. */
  rawBody?: boolean;
  /** For a raw body: the only media types accepted (415 otherwise), e.g. `application/pdf`. */
  contentTypes?: string[];
  /** A larger body limit than the JSON routes' 100 kB (a ticket file). */
  bodyLimitBytes?: number;
  /** One line for the OpenAPI document. */
  summary?: string;
  /** The success body's schema, for the OpenAPI document. */
  response?: z.ZodType;
  /** Left out of the OpenAPI document although public (the document itself); internal routes always are. */
  undocumented?: boolean;
  handler: (request: RouteRequest<z.infer<B>, z.infer<Q>, z.infer<P>, UserFor<A>>) => Promise<RouteResult | void> | RouteResult | void;
}

export type AnyRoute = RouteSpec<z.ZodType, z.ZodType, z.ZodType, Access>;

/** Keeps the handler's argument types tied to the schemas and the access given. */
export function defineRoute<
  B extends z.ZodType = z.ZodUnknown,
  Q extends z.ZodType = z.ZodUnknown,
  P extends z.ZodType = z.ZodUnknown,
  A extends Access = Access,
>(spec: RouteSpec<B, Q, P, A>): AnyRoute {
  return spec as unknown as AnyRoute;
}

export interface CompiledRoute {
  route: AnyRoute;
  pattern: RegExp;
  names: string[];
}

export function compileRoute(route: AnyRoute): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}/?$`), names };
}

export function matchPath(compiled: CompiledRoute, path: string): Record<string, string> | null {
  const match = compiled.pattern.exec(path);
  if (!match) return null;
  const params: Record<string, string> = {};
  compiled.names.forEach((name, index) => {
    params[name] = safeDecode(match[index + 1] ?? '');
  });
  return params;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
