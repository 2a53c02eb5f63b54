import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { CloudTasksClient as CloudTasksClientType } from '@google-cloud/tasks';
import { httpTaskQueue } from '@tickethub/functions/src/platform/cloud-tasks';
import { waitFor } from '../testing/eventually';
import { startCloudTasksStandIn, type CloudTasksStandIn } from './cloud-tasks-stand-in';
import { rehearsalQueueName, terraformIam, type TerraformIam } from './terraform-iam';
import { startTokenIssuer, type TokenIssuer } from './token-issuer';
import { REPO_ROOT } from '../stack/settings';

// The client libraries as the functions resolve them (functions/node_modules first): the versions that are deployed.
const fromFunctions = createRequire(join(REPO_ROOT, 'functions', 'package.json'));
const { CloudTasksClient } = fromFunctions('@google-cloud/tasks') as typeof import('@google-cloud/tasks');
const { OAuth2Client } = fromFunctions('google-auth-library') as typeof import('google-auth-library');

const PROJECT = 'rehearsal-tasks-test';
const DAY_MS = 86_400_000;
const account = (id: string) => `${id}@${PROJECT}.iam.gserviceaccount.com`;

let issuer: TokenIssuer;
let iam: TerraformIam;
let tasks: CloudTasksStandIn;
let target: Server;
const received: Array<{ path: string; token: any; body: any }> = [];
beforeAll(async () => {
  issuer = await startTokenIssuer(account('tickethub-bridge'), PROJECT);
  iam = await terraformIam({ projectId: PROJECT, queueName: rehearsalQueueName });
  tasks = await startCloudTasksStandIn({ issuer, iam });
  target = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const token = JSON.parse(Buffer.from((req.headers.authorization ?? '').split('.')[1] ?? '', 'base64url').toString() || 'null');
      received.push({ path: req.url!, token, body: JSON.parse(text) });
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await tasks?.close();
  await issuer?.close();
  await new Promise((resolve) => target?.close(resolve));
});

/** A Cloud Tasks client authenticated as `email`, its access token from its own metadata server as on Cloud Run. */
async function clientAs(email: string): Promise<CloudTasksClientType> {
  const host = await issuer.identity(email);
  const response = await fetch(`http://${host}/computeMetadata/v1/instance/service-accounts/default/token`, { headers: { 'metadata-flavor': 'Google' } });
  const { access_token } = (await response.json()) as { access_token: string };
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token, expiry_date: Date.now() + 3_600_000 });
  const url = new URL(tasks.url);
  return new CloudTasksClient({ fallback: true, apiEndpoint: url.hostname, port: Number(url.port), protocol: 'http', authClient: auth } as never);
}

/** The functions' own adapter, as `caller`, on a queue, creating tasks that carry `tasksAccount`'s OIDC token. */
async function queueAs(caller: string, queue: string, tasksAccount: string) {
  const url = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  return httpTaskQueue({
    project: PROJECT,
    location: 'rehearsal-region',
    queue: rehearsalQueueName(queue),
    url: `${url}/tasks/release`,
    serviceAccountEmail: account(tasksAccount),
    audience: url,
    client: await clientAs(account(caller)),
  });
}

describe('the rehearsal’s Cloud Tasks stand-in', () => {
  it('lets each function create and delete tasks on its own queue only, acting as its own tasks account, as Terraform grants', async () => {
    const payouts = await queueAs('tickethub-fn-payouts', 'payouts', 'tickethub-payout-tasks');
    await payouts.schedule('own-queue', { orderId: 'o' }, new Date(Date.now() + DAY_MS));
    await payouts.cancel('own-queue');
    const onExpirations = await queueAs('tickethub-fn-payouts', 'expirations', 'tickethub-payout-tasks');
    await expect(onExpirations.schedule('other-queue', { orderId: 'o' }, new Date(Date.now() + DAY_MS))).rejects.toThrow(
      /PERMISSION_DENIED|cloudtasks\.tasks\.create/,
    );
    const asOther = await queueAs('tickethub-fn-payouts', 'payouts', 'tickethub-tasks');
    await expect(asOther.schedule('other-account', { orderId: 'o' }, new Date(Date.now() + DAY_MS))).rejects.toThrow(/actAs/);
    const bridge = await queueAs('tickethub-bridge', 'payouts', 'tickethub-payout-tasks');
    await expect(bridge.schedule('bridge', { orderId: 'o' }, new Date(Date.now() + DAY_MS))).rejects.toThrow(/PERMISSION_DENIED|cloudtasks\.tasks\.create/);
    expect(tasks.refusals.filter((refusal) => refusal.status === 'PERMISSION_DENIED').map((refusal) => refusal.account)).toEqual([
      account('tickethub-fn-payouts'),
      account('tickethub-fn-payouts'),
      account('tickethub-bridge'),
    ]);
  });

  it('refuses a delete the account may not make (payouts without roles/cloudtasks.taskDeleter, as on the first main)', async () => {
    const queue = await queueAs('tickethub-fn-payouts', 'payouts', 'tickethub-payout-tasks');
    await queue.schedule('to-delete', { orderId: 'o' }, new Date(Date.now() + DAY_MS));
    const grant = iam.grants.findIndex((g) => g.member === account('tickethub-fn-payouts') && g.role === 'roles/cloudtasks.taskDeleter');
    expect(grant).toBeGreaterThanOrEqual(0);
    const [removed] = iam.grants.splice(grant, 1);
    try {
      await expect(queue.cancel('to-delete')).rejects.toThrow(/cloudtasks\.tasks\.delete/);
    } finally {
      iam.grants.push(removed!);
    }
    await queue.cancel('to-delete');
    expect(tasks.tasks().map((task) => task.id)).not.toContain('to-delete');
  });

  it('refuses a schedule_time more than 720 h ahead, as Google does, and the functions’ adapter never asks for one', async () => {
    const client = await clientAs(account('tickethub-fn-payouts'));
    const parent = client.queuePath(PROJECT, 'rehearsal-region', rehearsalQueueName('payouts'));
    const httpRequest = {
      url: 'http://127.0.0.1:1/tasks/release',
      httpMethod: 'POST' as const,
      body: Buffer.from('{}').toString('base64'),
      oidcToken: { serviceAccountEmail: account('tickethub-payout-tasks'), audience: 'http://127.0.0.1:1' },
    };
    const at = (ms: number) => ({ seconds: Math.floor((Date.now() + ms) / 1000) });
    await expect(client.createTask({ parent, task: { name: `${parent}/tasks/too-far`, scheduleTime: at(31 * DAY_MS), httpRequest } })).rejects.toThrow(
      /too far in the future/,
    );
    await client.createTask({ parent, task: { name: `${parent}/tasks/near-enough`, scheduleTime: at(29 * DAY_MS), httpRequest } });
    const queue = await queueAs('tickethub-fn-payouts', 'payouts', 'tickethub-payout-tasks');
    await queue.schedule('sixty-days', { orderId: 'far' }, new Date(Date.now() + 60 * DAY_MS));
    expect(tasks.tasks('rehearsal-payouts').find((task) => task.body?.hopOf === 'sixty-days')).toBeDefined();
  });

  it('dispatches a due task to its URL with an OIDC token of its account, for its audience', async () => {
    const queue = await queueAs('tickethub-fn-payouts', 'payouts', 'tickethub-payout-tasks');
    await queue.schedule('due-now', { orderId: 'due' }, new Date());
    const hit = await waitFor(async () => received.find((request) => request.body.orderId === 'due') ?? null, { what: 'the due task to be dispatched' });
    expect(hit.path).toBe('/tasks/release');
    expect(hit.token).toMatchObject({ email: account('tickethub-payout-tasks'), aud: `http://127.0.0.1:${(target.address() as AddressInfo).port}` });
    expect(tasks.tasks().map((task) => task.id)).not.toContain('due-now');
  });
});
