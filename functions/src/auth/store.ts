import type { Firestore } from '@google-cloud/firestore';
import { roleSchema, type Role } from '@tickethub/shared';
import { z } from 'zod';

/** Keyed by the normalized email, so `create()` makes the email unique without a query or an index. */
export const USERS = 'auth_users';

export const storedUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: roleSchema,
  passwordHash: z.string(),
  createdAt: z.date(),
  /** Set by the signup e-mail's link; accounts from before verification existed read as unverified. */
  verified: z.boolean().default(false),
});
export type StoredUser = z.infer<typeof storedUserSchema>;

export function usersStore(db: Firestore) {
  const users = db.collection(USERS);
  return {
    ref: (email: string) => users.doc(email),
    /** Rejects with gRPC ALREADY_EXISTS when the email is taken, also under concurrent signups. */
    async create(user: { id: string; email: string; role: Role; passwordHash: string }): Promise<void> {
      await users.doc(user.email).create({ ...user, createdAt: new Date() });
    },
    async findByEmail(email: string): Promise<StoredUser | null> {
      const snapshot = await users.doc(email).get();
      if (!snapshot.exists) return null;
      const data = snapshot.data() as Record<string, unknown>;
      // Timestamps come back as Firestore Timestamps; the schema wants Dates.
      return storedUserSchema.parse({ ...data, createdAt: (data.createdAt as { toDate(): Date }).toDate() });
    },
  };
}
