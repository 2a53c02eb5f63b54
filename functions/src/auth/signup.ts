import { randomUUID } from 'node:crypto';
import { authResultSchema, ConflictError, signupBodySchema } from '@tickethub/shared';
import { isAlreadyExists } from '../platform/firestore';
import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import type { AuthConfig } from './config';
import { clientIp } from '../platform/client-ip';
import { hashPassword } from './passwords';
import { authLimits } from './rate-limit';
import { startSession } from './session-response';
import { usersStore } from './store';
import { newVerificationToken, roleFor, verificationRef, VERIFICATION_TTL_MS } from './verification';
import { AuthErrors } from './errors';

export function signupRoute({ db, config, outbox }: Platform<AuthConfig>) {
  const users = usersStore(db);
  const limits = authLimits(db, config);
  return defineRoute({
    method: 'POST',
    path: '/api/users/signup',
    access: 'public',
    body: signupBodySchema,
    summary: 'Create an account and start a session; a verification e-mail follows',
    response: authResultSchema,
    handler: async ({ body, req }) => {
      // Counted after validation (a 400 costs nothing) and before the work: bulk account creation is what it stops.
      await limits.countSignup(clientIp(req, config));
      const user = { id: randomUUID(), email: body.email, role: roleFor(body.email, config) } as const;
      const passwordHash = await hashPassword(body.password);
      const token = newVerificationToken();
      try {
        // The account, its verification and user.created commit together: no account without its e-mail, and the
        // create() precondition keeps an address unique under concurrent signups.
        await outbox.commit((batch, emit) => {
          batch.create(users.ref(user.email), { ...user, passwordHash, verified: false, createdAt: new Date() });
          batch.create(verificationRef(db, token), { email: user.email, userId: user.id, expiresAt: new Date(Date.now() + VERIFICATION_TTL_MS) });
          emit('user.created', { id: user.id, email: user.email, verificationToken: token });
        });
      } catch (error) {
        if (isAlreadyExists(error)) throw new ConflictError('Email in use', AuthErrors.EMAIL_IN_USE);
        throw error;
      }
      return startSession(req, config, user, 201);
    },
  });
}
