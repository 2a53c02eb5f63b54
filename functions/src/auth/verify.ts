import { BadRequestError, ForbiddenError, verifyEmailBodySchema, verifyEmailResultSchema } from '@tickethub/shared';
import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import type { AuthConfig } from './config';
import { AuthErrors } from './errors';
import { usersStore } from './store';
import { roleFor, verificationRef, verificationSchema } from './verification';

/**
 * `POST /api/users/verify {token}` with the session of the account the token verifies: the page the e-mail's link
 * opens asks the signed-in owner to confirm with a button, and only that POST verifies. Mail scanners follow links
 * (a GET), and anyone may sign up with any address: a token alone would let a scanner, or the owner's curious click,
 * verify an account someone else holds the password of. A second click is still a 200.
 */
export function verifyEmailRoute({ db, config }: Platform<AuthConfig>) {
  const users = usersStore(db);
  return defineRoute({
    method: 'POST',
    path: '/api/users/verify',
    access: 'user',
    body: verifyEmailBodySchema,
    summary: 'Verify an e-mail address with the token from the signup e-mail',
    response: verifyEmailResultSchema,
    handler: async ({ body, user: caller }) => {
      const email = await db.runTransaction(async (tx) => {
        const snapshot = await tx.get(verificationRef(db, body.token));
        const verification = snapshot.exists ? verificationSchema.safeParse(snapshot.data()) : null;
        if (!verification?.success || verification.data.expiresAt < new Date()) throw new BadRequestError('Invalid or expired link', AuthErrors.INVALID_TOKEN);
        const userRef = users.ref(verification.data.email);
        const user = await tx.get(userRef);
        if (!user.exists || user.data()?.id !== verification.data.userId) throw new BadRequestError('Invalid or expired link', AuthErrors.INVALID_TOKEN);
        if (caller.id !== verification.data.userId) throw new ForbiddenError('This link confirms another account: sign in as its owner', AuthErrors.NOT_OWNER);
        const role = user.data()?.role === 'admin' ? 'admin' : roleFor(verification.data.email, config);
        tx.update(userRef, { verified: true, verifiedAt: new Date(), role });
        return verification.data.email;
      });
      return { body: { email, verified: true } };
    },
  });
}
