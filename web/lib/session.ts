import { cookies } from 'next/headers';
import { SESSION_COOKIE } from './api/client';

/**
 * Signup and signin run as server actions, so the API's Set-Cookie reaches the web server, not the browser. We pass
 * the session on with the API's own attributes (lifetime, Secure), keeping HttpOnly and SameSite=Lax.
 */
export async function relaySessionCookie(setCookie: string | null): Promise<void> {
  if (!setCookie) throw new Error('The API started a session without a session cookie');
  const [pair = '', ...attributes] = setCookie.split(';').map((part) => part.trim());
  const [name, ...rest] = pair.split('=');
  if (name !== SESSION_COOKIE) throw new Error(`Unexpected cookie from the API: ${name}`);
  const attribute = (key: string) => attributes.find((part) => part.toLowerCase().startsWith(`${key.toLowerCase()}=`))?.split('=')[1];
  const maxAge = Number(attribute('Max-Age'));
  (await cookies()).set({
    name: SESSION_COOKIE,
    value: rest.join('='),
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: attributes.some((part) => part.toLowerCase() === 'secure'),
    ...(Number.isFinite(maxAge) && maxAge > 0 ? { maxAge } : {}),
  });
}

export async function clearSessionCookie(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
}
