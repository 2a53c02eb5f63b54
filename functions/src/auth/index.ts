import type { HttpFunction } from '@google-cloud/functions-framework';
import { healthRoute } from '../platform/health';
import { createHttpFunction } from '../platform/http/handler';
import type { Platform } from '../platform/platform';
import type { AuthConfig } from './config';
import { currentUserRoute } from './current-user';
import { signinRoute } from './signin';
import { signoutRoute } from './signout';
import { signupRoute } from './signup';

export function authRoutes(platform: Platform<AuthConfig>) {
  return [signupRoute(platform), signinRoute(platform), signoutRoute(platform), currentUserRoute(), healthRoute(platform)];
}

/** The `auth` Cloud Function: /api/users/*. */
export function createAuthFunction(platform: Platform<AuthConfig>): HttpFunction {
  return createHttpFunction(platform, authRoutes(platform));
}
