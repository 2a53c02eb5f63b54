import type { HttpFunction } from '@google-cloud/functions-framework';
import { deadLetterRoutes } from '../platform/dead-letters-routes';
import { healthRoute } from '../platform/health';
import { createHttpFunction } from '../platform/http/handler';
import type { Platform } from '../platform/platform';
import type { AuthConfig } from './config';
import { currentUserRoute } from './current-user';
import { signinRoute } from './signin';
import { signoutRoute } from './signout';
import { signupRoute } from './signup';
import { verifyEmailRoute } from './verify';

/** The auth function's routes; it publishes user.created (signup) and consumes no events. */
export function authRoutes(platform: Platform<AuthConfig>) {
  return [
    signupRoute(platform), // POST /api/users/signup → signup.ts
    signinRoute(platform), // POST /api/users/signin → signin.ts
    signoutRoute(platform), // POST /api/users/signout → signout.ts
    currentUserRoute(platform), // GET /api/users/currentuser → current-user.ts
    verifyEmailRoute(platform), // POST /api/users/verify → verify.ts
    healthRoute(platform), // GET /api/health → ../platform/health.ts
    // The bridge's dead letters (platform-level; auth owns admin identity):
    // GET /api/admin/dead-letters → ../platform/dead-letters-routes.ts
    // POST /api/admin/dead-letters/:id/replay → ../platform/dead-letters-routes.ts
    // DELETE /api/admin/dead-letters/:id → ../platform/dead-letters-routes.ts
    ...deadLetterRoutes(platform),
  ];
}

/** The `auth` Cloud Function: /api/users/*. */
export function createAuthFunction(platform: Platform<AuthConfig>): HttpFunction {
  return createHttpFunction(platform, authRoutes(platform));
}
