import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@tickethub/dev/testing/eventually';

export interface Delivery {
  type: string;
  data: { id?: string; status?: string; title?: string; version?: number };
  /** The shop's answer: 200 once it has revalidated what the event made stale. */
  status: number;
  /** As delivered (signature aside), for a test that replays it. */
  body: string;
}

export interface EventTap {
  /** Where the bridge delivers: this tap, which passes each delivery on to the shop unchanged. */
  url: string;
  deliveries: Delivery[];
  /** Resolves once the shop has answered 2xx to an event matching the predicate. */
  delivered(what: string, match: (delivery: Delivery) => boolean): Promise<Delivery>;
  close(): Promise<void>;
}

/**
 * Between the bridge and the shop's /hooks/revalidate: records each event and the shop's answer, so a test can look
 * at a page after the shop has heard of a change, not poll until the page happens to show it.
 */
export async function startEventTap(target: string): Promise<EventTap> {
  const deliveries: Delivery[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name))) as Record<
        string,
        string
      >;
      fetch(target, { method: 'POST', headers, body })
        .then(async (answer) => {
          const text = await answer.text();
          const event = JSON.parse(body) as { type: string; data: Delivery['data'] };
          deliveries.push({ type: event.type, data: event.data, status: answer.status, body });
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(text);
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/revalidate`,
    deliveries,
    delivered: async (what, match) => {
      let found: Delivery | undefined;
      await waitFor(async () => (found = deliveries.find((delivery) => delivery.status < 300 && match(delivery))) !== undefined, {
        what: `the shop to hear ${what}`,
        timeoutMs: 20_000,
        intervalMs: 50,
      });
      return found!;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
