import { randomUUID } from 'node:crypto';
import { authResultSchema, ConflictError, signupBodySchema } from '@tickethub/shared';
import { isAlreadyExists } from '../platform/firestore';
import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import type { AuthConfig } from './config';
import { hashPassword } from './passwords';
import { startSession } from './session-response';
import { usersStore } from './store';
import { AuthErrors } from './errors';

export function signupRoute({ db, config }: Platform<AuthConfig>) {
  const users = usersStore(db);
  return defineRoute({
    method: 'POST',
    path: '/api/users/signup',
    access: 'public',
    body: signupBodySchema,
    summary: 'Create an account and start a session',
    response: authResultSchema,
    handler: async ({ body, req }) => {
      const role = config.ADMIN_EMAILS.includes(body.email) ? 'admin' : 'user';
      const user = { id: randomUUID(), email: body.email, role } as const;
      try {
        await users.create({ ...user, passwordHash: await hashPassword(body.password) });
      } catch (error) {
        if (isAlreadyExists(error)) throw new ConflictError('Email in use', AuthErrors.EMAIL_IN_USE);
        throw error;
      }
      return startSession(req, config, user, 201);
    },
  });
}
