/**
 * Per-entity lanes: up to `maxInFlight` events are delivered at once, but two events of the same entity never
 * overlap and keep the order the stream gave them. `submit` waits for a free slot, which is the back-pressure on
 * the consumer's message iterator.
 */
export function createLanes(maxInFlight: number) {
  const tails = new Map<string, Promise<void>>();
  const waiting: Array<() => void> = [];
  let inFlight = 0;

  const acquire = async () => {
    while (inFlight >= maxInFlight) await new Promise<void>((resolve) => waiting.push(resolve));
    inFlight++;
  };
  const release = () => {
    inFlight--;
    waiting.shift()?.();
  };

  return {
    async submit(key: string, work: () => Promise<unknown>): Promise<void> {
      await acquire();
      const previous = tails.get(key) ?? Promise.resolve();
      const run = previous.then(work).then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, run);
      void run.finally(() => {
        if (tails.get(key) === run) tails.delete(key);
        release();
      });
    },
    /** Resolves when every submitted delivery has settled. */
    async idle(): Promise<void> {
      while (tails.size > 0) await Promise.all([...tails.values()]);
    },
    get inFlight() {
      return inFlight;
    },
  };
}
export type Lanes = ReturnType<typeof createLanes>;

/**
 * The entity an event is about: a ticket's or an order's own id for their events, the order for payments and
 * expiration (whose `id` is the payment's). Unknown shapes get their own lane (no order to keep).
 */
export function entityKey(body: string): string {
  try {
    const event = JSON.parse(body) as { id?: unknown; type?: unknown; data?: Record<string, unknown> };
    const type = typeof event.type === 'string' ? event.type : '';
    const data = event.data ?? {};
    const entity = type.startsWith('ticket.') || type.startsWith('order.') ? data.id : (data.orderId ?? data.id);
    if (typeof entity === 'string') return `${type.split('.')[0]}:${entity}`;
    return `event:${typeof event.id === 'string' ? event.id : body.slice(0, 64)}`;
  } catch {
    return `raw:${body.slice(0, 64)}`;
  }
}
