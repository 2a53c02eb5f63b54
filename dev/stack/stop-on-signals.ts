/**
 * What the stack started, stopped in reverse order on Ctrl-C or SIGTERM (and by `stopAll` on a failed start); then
 * the process exits. Once only: a second Ctrl-C while stopping does not exit before the emulator and nats-server are
 * down. dev/stack/stop-on-signal.test.ts runs this under a busy event loop.
 */
export function stopOnSignals(hooks: { onStopping?: () => void; onFailedStop?: (error: unknown) => void } = {}) {
  const stops: Array<() => Promise<void>> = [];
  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      hooks.onStopping?.();
      for (const stop of stops.reverse()) await stop().catch((error: unknown) => hooks.onFailedStop?.(error));
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void stopAll().then(() => process.exit(0)));
  }
  return { stops, stopAll };
}
