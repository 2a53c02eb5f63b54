import { currentUserResponseSchema, type CurrentUserResponse } from '@tickethub/shared';
import { defineRoute } from '../platform/http/route';
import type { Platform } from '../platform/platform';
import { usersStore } from './store';

export function currentUserRoute({ db }: Platform) {
  const users = usersStore(db);
  return defineRoute({
    method: 'GET',
    path: '/api/users/currentuser',
    access: 'public',
    summary: 'The signed-in user, or null; `verified` once the e-mail link was followed',
    response: currentUserResponseSchema,
    handler: async ({ user }) => {
      // Verification happens after the token was issued, so it is read from the account, not the token.
      const stored = user ? await users.findByEmail(user.email) : null;
      const body: CurrentUserResponse = { currentUser: user ? { id: user.id, email: user.email, role: user.role, verified: stored?.verified ?? false } : null };
      return { body };
    },
  });
}
