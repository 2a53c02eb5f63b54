import { authResultSchema, BadRequestError, signinBodySchema } from '@tickethub/shared';
import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import type { AuthConfig } from './config';
import { clientIp } from '../platform/client-ip';
import { burnVerification, verifyPassword } from './passwords';
import { authLimits } from './rate-limit';
import { startSession } from './session-response';
import { usersStore } from './store';
import { AuthErrors } from './errors';

export function signinRoute({ db, config }: Platform<AuthConfig>) {
  const users = usersStore(db);
  const limits = authLimits(db, config);
  return defineRoute({
    method: 'POST',
    path: '/api/users/signin',
    access: 'public',
    body: signinBodySchema,
    summary: 'Start a session',
    response: authResultSchema,
    handler: async ({ body, req }) => {
      const ip = clientIp(req, config);
      await limits.countSigninAttempt(body.email, ip);
      const user = await users.findByEmail(body.email);
      // Same work and the same answer for an unknown email and a wrong password.
      const valid = user ? await verifyPassword(body.password, user.passwordHash) : await burnVerification(body.password);
      if (!user || !valid) throw new BadRequestError('Invalid credentials', AuthErrors.INVALID_CREDENTIALS);
      await limits.forgiveSignin(body.email, ip);
      return startSession(req, config, user, 200);
    },
  });
}
