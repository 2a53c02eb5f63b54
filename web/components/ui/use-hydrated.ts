import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/** False while hydrating (matching the server's HTML), true afterwards: browser-only values render after this flips. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
