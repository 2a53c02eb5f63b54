import type { Firestore } from '@google-cloud/firestore';
import type { Role } from '@tickethub/shared';
import { ROLES } from '../platform/session';
import { USERS } from './store';

/**
 * Grants or revokes the admin role. The user document and the role record every function reads per request
 * (platform/session.ts) change in one transaction, so the change applies to the user's next request, whatever
 * token they hold. Used by `npm run admin` (dev/ops/admin.ts). Null when no account has that email.
 */
export async function setRole(db: Firestore, email: string, role: Role): Promise<{ id: string; email: string; role: Role } | null> {
  const normalized = email.trim().toLowerCase();
  return db.runTransaction(async (tx) => {
    const ref = db.collection(USERS).doc(normalized);
    const snapshot = await tx.get(ref);
    if (!snapshot.exists) return null;
    const id = snapshot.get('id') as string;
    tx.update(ref, { role });
    tx.set(db.collection(ROLES).doc(id), { role, updatedAt: new Date() });
    return { id, email: normalized, role };
  });
}
