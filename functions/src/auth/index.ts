import type { HttpFunction } from '@google-cloud/functions-framework';
import { healthRoute } from '../platform/health';
import { createHttpFunction } from '../platform/http/handler';
import type { Platform } from '../platform/platform';
import type { AuthConfig } from './config';
import { currentUserRoute } from './current-user';
import { signinRoute } from './signin';
import { signoutRoute } from './signout';
import { signupRoute } from './signup';

/** The auth function's routes; it publishes and consumes no events yet. */
export function authRoutes(platform: Platform<AuthConfig>) {
  return [
    signupRoute(platform), // POST /api/users/signup → signup.ts
    signinRoute(platform), // POST /api/users/signin → signin.ts
    signoutRoute(platform), // POST /api/users/signout → signout.ts
    currentUserRoute(), // GET /api/users/currentuser → current-user.ts
    healthRoute(platform), // GET /api/health → ../platform/health.ts
  ];
}

/** The `auth` Cloud Function: /api/users/*. */
export function createAuthFunction(platform: Platform<AuthConfig>): HttpFunction {
  return createHttpFunction(platform, authRoutes(platform));
}
