import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Domain } from '@tickethub/shared';

/** A function the gateway routes to: in this process (its server), or in a process of its own (its URL). */
export interface GatewayTarget {
  url: string;
  server?: Server;
}

/** The local form of the cloud load balancer's URL map: these prefixes go to functions, the rest to the web app. */
export const API_ROUTES: ReadonlyArray<readonly [prefix: string, domain: Domain]> = [
  ['/api/users', 'auth'],
  ['/api/tickets', 'tickets'],
  ['/api/orders', 'orders'],
  ['/api/payments', 'payments'],
  ['/api/payouts', 'payouts'],
  // The bridge's dead letters (platform-level), served by the auth function, which owns admin identity.
  ['/api/admin/dead-letters', 'auth'],
  // Served by every function; locally the auth function answers for the whole stack.
  ['/api/health', 'auth'],
  ['/api/openapi.json', 'auth'],
];

export function routeFor(path: string): Domain | null {
  const hit = API_ROUTES.find(([prefix]) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`));
  return hit ? hit[1] : null;
}

export interface GatewayOptions {
  functions: Partial<Record<Domain, GatewayTarget>>;
  /** Where everything that is not /api goes (the Next.js server); absent → 404. */
  webOrigin?: string;
}

export function createGateway({ functions, webOrigin }: GatewayOptions): Server {
  return createServer((req, res) => {
    const domain = routeFor(req.url ?? '/');
    if (domain) {
      const target = functions[domain];
      if (!target) return notFound(res, `No function serves ${req.url}`);
      forwardedFor(req);
      // A function in this process gets the request from its own server: same Express stack, no second hop.
      if (target.server) target.server.emit('request', req, res);
      else
        proxy(req, res, target.url, () =>
          res
            .writeHead(502, { 'content-type': 'application/json' })
            .end(JSON.stringify({ errors: [{ message: `The ${domain} function is unavailable; try again in a moment.`, code: 'UNAVAILABLE' }] })),
        );
      return;
    }
    if (req.url?.startsWith('/api/')) return notFound(res, 'Route not found');
    if (!webOrigin) return notFound(res, 'The web app is not running');
    proxy(req, res, webOrigin, () =>
      res.writeHead(502, { 'content-type': 'text/plain' }).end('The web app is starting or unavailable; try again in a moment.'),
    );
  });
}

function forwardedFor(req: IncomingMessage): void {
  const address = req.socket.remoteAddress ?? '';
  const existing = req.headers['x-forwarded-for'];
  req.headers['x-forwarded-for'] = existing ? `${existing}, ${address}` : address;
}

function notFound(res: ServerResponse, message: string): void {
  res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message, code: 'ROUTE_NOT_FOUND' }] }));
}

function proxy(req: IncomingMessage, res: ServerResponse, origin: string, unavailable: () => void, retried = false): void {
  const target = new URL(req.url ?? '/', origin);
  const upstream = httpRequest(target, { method: req.method, headers: { ...req.headers, 'x-forwarded-host': req.headers.host ?? '' } }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', (error: NodeJS.ErrnoException) => {
    // A kept-alive connection the upstream closed while this one picked it up (its idle timer and our reuse crossed:
    // on a loaded machine the agent's timer fires late) resets before anything was answered. Node's documentation
    // retries such a request once; only a body-less GET or HEAD is safe to send again.
    if (!retried && upstream.reusedSocket && error.code === 'ECONNRESET' && isBodyless(req)) return proxy(req, res, origin, unavailable, true);
    if (res.headersSent) res.end();
    else unavailable();
  });
  if (isBodyless(req)) upstream.end();
  else req.pipe(upstream);
}

function isBodyless(req: IncomingMessage): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && !req.headers['content-length'] && !req.headers['transfer-encoding'];
}
