import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudTasksClient } from '@google-cloud/tasks';
import { OAuth2Client } from 'google-auth-library';
import { cloudTasksScheduler } from './cloud-tasks';

/** A stand-in for the Cloud Tasks REST endpoint: records what the official client sends, answers like Google. */
interface Recorded {
  method: string;
  path: string;
  authorization?: string;
  body: any;
}
let server: Server;
let recorded: Recorded[] = [];
let answer: { status: number; body: unknown } = { status: 200, body: {} };

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      recorded.push({
        method: req.method!,
        path: decodeURIComponent(req.url!.split('?')[0]!),
        authorization: req.headers.authorization,
        body: text ? JSON.parse(text) : undefined,
      });
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  recorded = [];
  answer = { status: 200, body: {} };
});

function scheduler() {
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: 'test-access-token', expiry_date: Date.now() + 3_600_000 });
  const client = new CloudTasksClient({
    fallback: true,
    apiEndpoint: '127.0.0.1',
    port: (server.address() as AddressInfo).port,
    protocol: 'http',
    authClient: auth,
  } as unknown as ConstructorParameters<typeof CloudTasksClient>[0]);
  return cloudTasksScheduler({
    project: 'tickethub-prod',
    location: 'europe-west1',
    queue: 'order-expiry',
    url: 'https://expiration-123.europe-west1.run.app/tasks/expire',
    serviceAccountEmail: 'tasks-invoker@tickethub-prod.iam.gserviceaccount.com',
    audience: 'https://expiration-123.europe-west1.run.app',
    client,
  });
}

describe('expiration › Cloud Tasks adapter', () => {
  it('creates one task named after the order, at expiresAt, POSTing the order id with an OIDC token', async () => {
    // Within the 720 h Cloud Tasks accepts (a later one is a hop: platform/task-horizon.test.ts).
    const runAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 15 * 60_000 + 250);
    await scheduler().schedule('0b7c-order', runAt);
    expect(recorded).toHaveLength(1);
    const [request] = recorded;
    expect(request).toMatchObject({
      method: 'POST',
      path: '/v2/projects/tickethub-prod/locations/europe-west1/queues/order-expiry/tasks',
      authorization: 'Bearer test-access-token',
    });
    const task = request!.body.task;
    expect(task.name).toBe('projects/tickethub-prod/locations/europe-west1/queues/order-expiry/tasks/order-0b7c-order');
    expect(task.scheduleTime).toBe(runAt.toISOString());
    expect(task.httpRequest).toMatchObject({
      url: 'https://expiration-123.europe-west1.run.app/tasks/expire',
      oidcToken: { serviceAccountEmail: 'tasks-invoker@tickethub-prod.iam.gserviceaccount.com', audience: 'https://expiration-123.europe-west1.run.app' },
      headers: { 'content-type': 'application/json' },
    });
    expect(JSON.parse(Buffer.from(task.httpRequest.body, 'base64').toString())).toEqual({ orderId: '0b7c-order' });
  });

  it('treats ALREADY_EXISTS as success: a redelivered order.created collapses into the same task', async () => {
    answer = { status: 409, body: { error: { code: 409, message: 'Requested entity already exists', status: 'ALREADY_EXISTS' } } };
    await expect(scheduler().schedule('dup', new Date())).resolves.toBeUndefined();
  });

  it('propagates other failures so the event is retried', async () => {
    answer = { status: 503, body: { error: { code: 503, message: 'unavailable', status: 'UNAVAILABLE' } } };
    await expect(scheduler().schedule('x', new Date())).rejects.toThrow();
  });

  it('deletes the task on cancel and treats NOT_FOUND as done', async () => {
    await scheduler().cancel('paid-order');
    expect(recorded[0]).toMatchObject({
      method: 'DELETE',
      path: '/v2/projects/tickethub-prod/locations/europe-west1/queues/order-expiry/tasks/order-paid-order',
    });
    answer = { status: 404, body: { error: { code: 404, message: 'not found', status: 'NOT_FOUND' } } };
    await expect(scheduler().cancel('gone')).resolves.toBeUndefined();
  });
});
