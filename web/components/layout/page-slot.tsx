'use client';

import type { ReactNode } from 'react';

/**
 * Where the page goes in the root layout. It renders its children unchanged; its use is the component fiber it puts
 * between <main> and the page. React 19.2 as Next 15.5 bundles it (19.2.0-canary-0bdb9206) has a hydration bug
 * (facebook/react#35210, fixed upstream by #35494 in React 19.3): when a host element's children are a Flight chunk
 * still loading (the page's row waits for its client components' script), React suspends on the element, and if the
 * chunk arrives while React yields it replays the element without rewinding its hydration cursor, claims <main>
 * against the page's first child and throws #418 on identical markup, then renders the whole page again on the
 * client (losing what the visitor had typed). One in twenty home page loads did this with slow scripts (CI run of
 * d520576: /signup). Under a component the chunk suspends that component instead, whose replay touches no cursor.
 */
export function PageSlot({ children }: { children: ReactNode }) {
  return children;
}
