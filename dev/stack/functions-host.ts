import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { bodyLimitFor } from '@tickethub/functions/src/platform/http/guards';
import type { AddressInfo } from 'node:net';
import { http as registerHttp, type HttpFunction } from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import type { Domain } from '@tickethub/shared';
import { INTERNAL_ERROR_MESSAGE } from '@tickethub/shared';

export interface HostedFunction {
  domain: Domain;
  server: Server;
  url: string;
  /** Resolves when no request is being handled: closing a server does not stop handlers already running. */
  idle(): Promise<void>;
}

/**
 * Serves a function through functions-framework's own Express server, as Cloud Functions does, each on its own
 * loopback port (each function is its own service in the cloud too).
 */
export async function hostFunction(domain: Domain, handler: HttpFunction, port = 0, name: string = domain): Promise<HostedFunction> {
  let inFlight = 0;
  const settled: Array<() => void> = [];
  // functions-framework keeps one handler per name for the whole process: a second function of a domain (a test's
  // variant beside the stack's) takes a name of its own, or it would replace the stack's handler too.
  registerHttp(name, async (req, res) => {
    inFlight++;
    try {
      await handler(req, res);
    } finally {
      if (--inFlight === 0) settled.splice(0).forEach((resolve) => resolve());
    }
  });
  const server = getTestServer(name);
  answerBodyParserErrorsWithEnvelope(server);
  refuseLargeBodiesBeforeReading(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  const idle = () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => settled.push(resolve)));
  return { domain, server, url: `http://127.0.0.1:${bound}`, idle };
}

type ExpressLike = { use(handler: (error: unknown, req: unknown, res: ExpressResponse, next: (e?: unknown) => void) => void): void };
type ExpressResponse = { headersSent: boolean; status(code: number): { json(body: unknown): void }; setHeader(name: string, value: string): void };

/**
 * functions-framework parses JSON before our handler runs and lets Express answer a malformed body with an HTML
 * page. Locally we add the error middleware it lacks, so a bad body gets our envelope like every other 4xx.
 */
function answerBodyParserErrorsWithEnvelope(server: Server): void {
  const app = server.listeners('request')[0] as unknown as ExpressLike | undefined;
  app?.use((error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: number }).status ?? 500;
    const known = status >= 400 && status < 500;
    res.status(known ? status : 500).json({
      errors: [{ message: known ? 'Request body is not valid JSON' : INTERNAL_ERROR_MESSAGE, code: known ? 'INVALID_JSON' : 'INTERNAL' }],
    });
  });
}

/**
 * functions-framework's body parsers read up to 1024 MB into memory before any function code runs, so the 100 kB
 * limit checked in the handler comes too late to protect memory. Here, in front of Express, a declared
 * Content-Length over the limit is answered 413 without reading a byte, and a chunked body is cut off with 413 as
 * soon as it passes the limit. (In the cloud the same job falls to the load balancer: functions-framework offers
 * no hook before its parsers.)
 */
function refuseLargeBodiesBeforeReading(server: Server): void {
  const [express] = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  if (!express) return;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const limit = bodyLimitFor(new URL(req.url ?? '/', 'http://host').pathname);
    const refuse = () => {
      if (res.headersSent) return;
      res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
      res.end(JSON.stringify({ errors: [{ message: `Request body is larger than ${Math.round(limit / 1000)} kB`, code: 'PAYLOAD_TOO_LARGE' }] }));
      req.destroy();
    };
    if (Number(req.headers['content-length'] ?? 0) > limit) return refuse();
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) refuse();
    });
    express(req, res);
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}
