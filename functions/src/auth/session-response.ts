import type { Request } from '@google-cloud/functions-framework';
import type { AuthResult, Role } from '@tickethub/shared';
import type { AuthConfig } from './config';
import type { RouteResult } from '../platform/http/route';
import { sessionCookie, signSession } from '../platform/session';

export function isSecureRequest(req: Request, config: Pick<AuthConfig, 'production'>): boolean {
  const forwarded = (req.headers['x-forwarded-proto'] as string | undefined)?.split(',')[0]?.trim();
  return config.production || forwarded === 'https' || req.protocol === 'https';
}

/** Signup and signin answer alike: the user, a bearer token for API clients, and the session cookie for browsers. */
export function startSession(req: Request, config: AuthConfig, user: { id: string; email: string; role: Role }, status: number): RouteResult {
  const { token } = signSession(user, config.JWT_SECRET, config.SESSION_TTL_SECONDS);
  const body: AuthResult = { id: user.id, email: user.email, role: user.role, token };
  return { status, body, headers: { 'set-cookie': sessionCookie(token, config.SESSION_TTL_SECONDS, isSecureRequest(req, config)) } };
}
