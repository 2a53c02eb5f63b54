import { currentUserResponseSchema, type CurrentUserResponse } from '@tickethub/shared';
import { defineRoute } from '../platform/http/route';

export function currentUserRoute() {
  return defineRoute({
    method: 'GET',
    path: '/api/users/currentuser',
    access: 'public',
    summary: 'The signed-in user, or null',
    response: currentUserResponseSchema,
    handler: ({ user }) => {
      const body: CurrentUserResponse = { currentUser: user ? { id: user.id, email: user.email, role: user.role } : null };
      return { body };
    },
  });
}
