'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { User } from '@tickethub/shared';

/**
 * Who is signed in, asked by the browser (GET /api/users/currentuser, same origin, the session cookie rides along)
 * rather than by the server: pages then stay the same for everyone and are rendered once per revalidation, not once
 * per visitor. One answer is shared by every component that asks; it is asked again on each navigation (signing in
 * ends in one) and forgotten on sign-out.
 */
export interface CurrentUser {
  /** False until the API has answered: render what a signed-out visitor sees, which is what most visitors are. */
  known: boolean;
  user: User | null;
}

const UNKNOWN: CurrentUser = { known: false, user: null };
let snapshot: CurrentUser = UNKNOWN;
let askedFor: string | null = null;
let generation = 0;
const listeners = new Set<() => void>();

function publish(next: CurrentUser): void {
  snapshot = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function toUser(body: unknown): User | null {
  const user = (body as { currentUser?: unknown } | null)?.currentUser as Partial<User> | null | undefined;
  return user && typeof user.id === 'string' && typeof user.email === 'string' ? (user as User) : null;
}

function ask(key: string): void {
  if (askedFor === key) return;
  askedFor = key;
  const mine = ++generation;
  fetch('/api/users/currentuser', { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'application/json' } })
    .then(async (response) => (response.ok ? toUser(await response.json()) : null))
    // An unreachable API reads as signed out, as the server-rendered header did.
    .catch(() => null)
    .then((user) => {
      if (mine === generation) publish({ known: true, user });
    });
}

/** Sign-out: the header turns signed-out at once, whichever page the action lands on. */
export function forgetCurrentUser(): void {
  generation++;
  askedFor = null;
  publish({ known: true, user: null });
}

/**
 * The answer reaches a component only through its own effect, never while it hydrates: with useSyncExternalStore,
 * an answer that arrived while another part of the page was still hydrating (a busy phone, a loaded CI run) made React
 * find the signed-in links where the server had rendered none (React #418 on /sell, /get-paid and the admin pages).
 */
export function useCurrentUser(): CurrentUser {
  const pathname = usePathname();
  const [current, setCurrent] = useState<CurrentUser>(UNKNOWN);
  useEffect(() => {
    setCurrent(snapshot);
    return subscribe(() => setCurrent(snapshot));
  }, []);
  useEffect(() => ask(pathname), [pathname]);
  return current;
}
