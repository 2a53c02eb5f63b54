import { randomUUID } from 'node:crypto';
import type { Firestore } from '@google-cloud/firestore';
import { sessionClaimsSchema, type Role, type SessionClaims } from '@tickethub/shared';
import jwt from 'jsonwebtoken';

export interface CurrentUser {
  id: string;
  email: string;
  role: Role;
  sessionId: string;
  expiresAt: Date;
}

export const SESSION_COOKIE = 'session';

/** The auth domain writes here on signout; every domain reads it, so a revoked session is refused everywhere. */
export const REVOKED_SESSIONS = 'auth_revoked_sessions';

export function signSession(user: { id: string; email: string; role: Role }, secret: string, ttlSeconds: number): { token: string; claims: SessionClaims } {
  const now = Math.floor(Date.now() / 1000);
  const claims: SessionClaims = { sub: user.id, email: user.email, role: user.role, jti: randomUUID(), iat: now, exp: now + ttlSeconds };
  return { token: jwt.sign(claims, secret, { algorithm: 'HS256', noTimestamp: true }), claims };
}

/** Verifies signature, algorithm and expiry; `alg: none` and other algorithms are refused. Null when invalid. */
export function verifySession(token: string, secret: string): CurrentUser | null {
  let payload: unknown;
  try {
    payload = jwt.verify(token, secret, { algorithms: ['HS256'] });
  } catch {
    return null;
  }
  const claims = sessionClaimsSchema.safeParse(payload);
  if (!claims.success) return null;
  const { sub, email, role, jti, exp } = claims.data;
  return { id: sub, email, role, sessionId: jti, expiresAt: new Date(exp * 1000) };
}

/**
 * The auth domain writes a user's role here when an operator grants or revokes admin (auth/roles.ts); every domain
 * reads it per request, so a role change applies at once instead of when the token (which carries the old role) expires.
 */
export const ROLES = 'auth_roles';

export async function isRevoked(db: Firestore, sessionId: string): Promise<boolean> {
  const snapshot = await db.collection(REVOKED_SESSIONS).doc(sessionId).get();
  return snapshot.exists;
}

/** The session as it stands now: null when revoked; the role as last set by an operator, else the token's. */
export async function resolveSession(db: Firestore, user: CurrentUser): Promise<CurrentUser | null> {
  const [revoked, role] = await db.getAll(db.collection(REVOKED_SESSIONS).doc(user.sessionId), db.collection(ROLES).doc(user.id));
  if (revoked!.exists) return null;
  const stored = role!.get('role') as unknown;
  return stored === 'admin' || stored === 'user' ? { ...user, role: stored } : user;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

/** Bearer wins over the cookie: an API client that sends both means the header. */
export function tokenFrom(headers: { authorization?: string; cookie?: string }): { token: string; via: 'bearer' | 'cookie' } | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
  if (bearer?.[1]) return { token: bearer[1], via: 'bearer' };
  const cookie = readCookie(headers.cookie, SESSION_COOKIE);
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`, ...(secure ? ['Secure'] : [])].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0', 'Expires=Thu, 01 Jan 1970 00:00:00 GMT', ...(secure ? ['Secure'] : [])].join(
    '; ',
  );
}
