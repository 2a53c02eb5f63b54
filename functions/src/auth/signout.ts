import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import type { AuthConfig } from './config';
import { clearedSessionCookie, REVOKED_SESSIONS } from '../platform/session';
import { isSecureRequest } from './session-response';

export function signoutRoute({ db, config }: Platform<AuthConfig>) {
  return defineRoute({
    method: 'POST',
    path: '/api/users/signout',
    access: 'public',
    summary: 'End the session: the cookie is cleared and the token revoked',
    handler: async ({ user, req }) => {
      if (user) {
        // Kept until the token would have expired anyway; a Firestore TTL policy on expiresAt removes it then.
        await db.collection(REVOKED_SESSIONS).doc(user.sessionId).set({ userId: user.id, revokedAt: new Date(), expiresAt: user.expiresAt });
      }
      return { status: 204, headers: { 'set-cookie': clearedSessionCookie(isSecureRequest(req, config)) } };
    },
  });
}
