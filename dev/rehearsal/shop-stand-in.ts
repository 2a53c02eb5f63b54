import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGNATURE_HEADER, verifySignature } from '../../web/lib/cache/signature';

export interface ShopDelivery {
  /** The CloudEvent the bridge delivered, as JSON. */
  event: { type?: string; data?: { id?: string } } & Record<string, unknown>;
  /** Whether its signature checked out with the shop's secret, by the shop's own check (web/lib/cache/signature.ts). */
  signed: boolean;
}

export interface ShopStandIn {
  /** Where BRIDGE_SHOP_URL points in the rehearsal (https://<domain>/hooks/revalidate in the cloud). */
  url: string;
  deliveries: ShopDelivery[];
  close(): Promise<void>;
}

/**
 * The rehearsal's stand-in for the shop's POST /hooks/revalidate (the shop's build is the browser tests' job): it
 * checks each delivery's signature with the secret the shop would hold, as the shop does, answers as the shop does
 * (200, or 401 for a bad signature) and records what came, so the rehearsal proves the bridge delivers ticket events
 * to the URL and with the secret Terraform gives it.
 */
export async function startShopStandIn(secret: string): Promise<ShopStandIn> {
  const deliveries: ShopDelivery[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method !== 'POST' || req.url !== '/hooks/revalidate') return send(404, { errors: [{ message: 'Not found' }] });
      const body = Buffer.concat(chunks).toString('utf8');
      const header = req.headers[SIGNATURE_HEADER];
      const signed = verifySignature(body, typeof header === 'string' ? header : null, secret);
      let event: ShopDelivery['event'] = {};
      try {
        event = JSON.parse(body) as ShopDelivery['event'];
      } catch {
        // Recorded as it came; the rehearsal's assertions name what is missing.
      }
      deliveries.push({ event, signed });
      return signed ? send(200, { revalidated: [] }) : send(401, { errors: [{ message: 'Invalid or missing signature' }] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/revalidate`,
    deliveries,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
