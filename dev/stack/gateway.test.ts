import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGateway } from './gateway';

const listen = (server: Server) =>
  new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
const close = (server: Server) => new Promise((resolve) => server.close(resolve));

/**
 * An upstream that resets a kept-alive connection when it is used again, as a server does whose idle timer closed it
 * while the gateway's agent was picking it up (the race a loaded machine turns into a 502 for the shop's assets).
 */
function resettingUpstream() {
  const seen = new WeakSet<object>();
  const bodies: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    if (seen.has(req.socket)) {
      req.socket.resetAndDestroy();
      return;
    }
    seen.add(req.socket);
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(200, { 'content-type': 'text/plain', connection: 'keep-alive' }).end(`${req.method} ${req.url}`);
    });
  });
  return { server, bodies };
}

describe('gateway › forwarding to the web app', () => {
  let upstream: ReturnType<typeof resettingUpstream>;
  let gateway: Server;
  let origin: string;
  beforeEach(async () => {
    upstream = resettingUpstream();
    gateway = createGateway({ functions: {}, webOrigin: await listen(upstream.server) });
    origin = await listen(gateway);
  });
  afterEach(async () => {
    upstream.server.closeAllConnections();
    gateway.closeAllConnections();
    await Promise.all([close(upstream.server), close(gateway)]);
  });

  it('sends a GET again on a fresh connection when a reused one was reset, instead of answering 502', async () => {
    expect(await (await fetch(`${origin}/first`)).text()).toBe('GET /first');
    const second = await fetch(`${origin}/icon.svg`);
    expect(second.status).toBe(200);
    expect(await second.text()).toBe('GET /icon.svg');
  });

  it('never sends a POST twice: a reset reused connection answers 502', async () => {
    expect((await fetch(`${origin}/first`)).status).toBe(200);
    const posted = await fetch(`${origin}/form`, { method: 'POST', body: 'a=1' });
    expect(posted.status).toBe(502);
    expect(upstream.bodies).toEqual(['']);
  });
});
