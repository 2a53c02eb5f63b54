import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudTasksClient } from '@google-cloud/tasks';
import { OAuth2Client } from 'google-auth-library';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { waitFor } from '@tickethub/dev/testing/eventually';
import { httpTaskQueue } from './cloud-tasks';
import { localTaskQueue } from './local-tasks';
import { CLOUD_TASKS_MAX_AHEAD_MS, MAX_HOP_MS, nextHop, planTask } from './task-horizon';

const DAY_MS = 24 * 3_600_000;

/**
 * A stand-in for the Cloud Tasks REST endpoint that answers as Google does: a task named twice is ALREADY_EXISTS, and
 * a schedule_time more than 720 hours ahead is INVALID_ARGUMENT ("The specified schedule time is too far in the future").
 */
interface CreatedTask {
  name: string;
  scheduleTime: string;
  body: any;
}
let server: Server;
const created = new Map<string, CreatedTask>();
beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const answer = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method === 'DELETE') {
        const name = decodeURIComponent(req.url!.split('?')[0]!).replace(/^\/v2\//, '');
        if (!created.delete(name)) return answer(404, { error: { code: 404, message: 'not found', status: 'NOT_FOUND' } });
        return answer(200, {});
      }
      const { task } = JSON.parse(text);
      if (Date.parse(task.scheduleTime) - Date.now() > CLOUD_TASKS_MAX_AHEAD_MS)
        return answer(400, { error: { code: 400, message: 'The specified schedule time is too far in the future.', status: 'INVALID_ARGUMENT' } });
      if (created.has(task.name)) return answer(409, { error: { code: 409, message: 'Requested entity already exists', status: 'ALREADY_EXISTS' } });
      created.set(task.name, { name: task.name, scheduleTime: task.scheduleTime, body: JSON.parse(Buffer.from(task.httpRequest.body, 'base64').toString()) });
      return answer(200, task);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => created.clear());

function queue() {
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: 'test-access-token', expiry_date: Date.now() + 3_600_000 });
  const client = new CloudTasksClient({
    fallback: true,
    apiEndpoint: '127.0.0.1',
    port: (server.address() as AddressInfo).port,
    protocol: 'http',
    authClient: auth,
  } as unknown as ConstructorParameters<typeof CloudTasksClient>[0]);
  return httpTaskQueue({
    project: 'tickethub-prod',
    location: 'europe-west1',
    queue: 'payout-releases',
    url: 'https://payouts-123.europe-west1.run.app/tasks/release',
    serviceAccountEmail: 'tickethub-payout-tasks@tickethub-prod.iam.gserviceaccount.com',
    audience: 'https://payouts-123.europe-west1.run.app',
    client,
  });
}
const taskName = (name: string) => `projects/tickethub-prod/locations/europe-west1/queues/payout-releases/tasks/${name}`;

describe('Cloud Tasks adapter › tasks due more than 30 days ahead', () => {
  it('schedules a release 60 days ahead within the 720 h Cloud Tasks accepts, carrying the due time, never refused', async () => {
    const dueAt = new Date(Date.now() + 60 * DAY_MS);
    await expect(queue().schedule('payout-p1', { orderId: 'o1' }, dueAt)).resolves.toBeUndefined();
    expect(created.size).toBe(1);
    const [task] = [...created.values()];
    expect(Date.parse(task!.scheduleTime) - Date.now()).toBeLessThanOrEqual(MAX_HOP_MS);
    expect(Date.parse(task!.scheduleTime)).toBeGreaterThan(Date.now());
    expect(task!.body).toMatchObject({ orderId: 'o1', dueAt: dueAt.toISOString(), hopOf: 'payout-p1' });
  });

  it('re-arms each hop until the last one, which is the task itself under its own name at its due time', async () => {
    const tasks = queue();
    const dueAt = new Date(Date.now() + 60 * DAY_MS);
    await tasks.schedule('payout-p2', { orderId: 'o2' }, dueAt);
    // The clock moves through the payload: each hop fires at its schedule time, as Cloud Tasks would call the handler.
    // It is "now" here, so the hop's due time moves as far towards now as its schedule time is ahead.
    let due = dueAt.getTime();
    let fired = [...created.values()][0]!;
    const seen: string[] = [];
    for (let guard = 0; guard < 5 && fired.body.dueAt; guard++) {
      created.delete(fired.name);
      seen.push(fired.name);
      due -= Date.parse(fired.scheduleTime) - Date.now();
      expect(await tasks.continueHop({ ...fired.body, dueAt: new Date(due).toISOString() })).toBe(true); // early: re-armed
      expect(created.size).toBe(1);
      fired = [...created.values()][0]!;
    }
    expect(seen).toEqual([taskName('payout-p2-hop2'), taskName('payout-p2-hop1')]);
    // Fired at its own time, the hop that is left is the task itself: no hop fields, its own name and time.
    expect(fired).toEqual({ name: taskName('payout-p2'), scheduleTime: new Date(due).toISOString(), body: { orderId: 'o2' } });
    expect(await tasks.continueHop(fired.body)).toBe(false);
  });

  it('deletes the hop a far task waits under when it is cancelled with its due time', async () => {
    const tasks = queue();
    const dueAt = new Date(Date.now() + 45 * DAY_MS);
    await tasks.schedule('payout-p3', { orderId: 'o3' }, dueAt);
    expect(created.size).toBe(1);
    await tasks.cancel('payout-p3', dueAt);
    expect(created.size).toBe(0);
  });
});

describe('task hops', () => {
  it('plans a whole number of 29-day hops before the due time and never repeats the hop that fired', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    const due = new Date(now + 100 * DAY_MS);
    const first = planTask('t', { orderId: 'o' }, due, now);
    expect(first.name).toBe('t-hop3');
    expect(first.runAt.getTime()).toBe(due.getTime() - 3 * MAX_HOP_MS);
    // A clock a little behind the queue's still moves on to the next hop.
    const second = nextHop(first.payload as never, first.runAt.getTime() - 1000)!;
    expect(second.name).toBe('t-hop2');
    expect(second.runAt.getTime() - first.runAt.getTime()).toBe(MAX_HOP_MS);
    expect(planTask('t', { orderId: 'o' }, new Date(now + 29 * DAY_MS), now)).toMatchObject({ name: 't', payload: { orderId: 'o' } });
  });
});

describe('local task queue › tasks due more than 30 days ahead', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ domains: ['payouts'] });
  });
  afterAll(() => stack?.close());

  it('stores a hop no further than Cloud Tasks accepts, re-arms it until due and fires the task once, never early', async () => {
    const platform = stack.platform('payouts');
    const collection = `payouts_tasks_horizon_${Date.now()}`;
    const fired: Array<{ orderId: string; at: number; dueAt: number }> = [];
    let dueAt = Date.now() + 60 * DAY_MS;
    const options = { collection, what: 'test', fire: async (orderId: string) => void fired.push({ orderId, at: Date.now(), dueAt }) };
    const tasks = platform.db.collection(collection);
    const pending = async () => (await tasks.where('state', '==', 'pending').get()).docs.map((doc) => ({ id: doc.id, ...doc.data() }) as any);

    let queue = localTaskQueue(platform, options);
    await queue.schedule('payout-far', 'far-order', new Date(dueAt));
    let armed = await pending();
    expect(armed).toHaveLength(1);
    expect(armed[0].runAt.toDate().getTime() - Date.now()).toBeLessThanOrEqual(CLOUD_TASKS_MAX_AHEAD_MS);
    await queue.close();

    // Move the clock through the stored times: shift every pending task (its run time and due time) to the past by as
    // much as the next wait, then let a restarted queue re-arm them from Firestore, as after a restart of npm start.
    const advance = async (ms: number) => {
      dueAt -= ms;
      for (const task of await pending()) {
        const shifted: Record<string, Date> = { runAt: new Date(task.runAt.toDate().getTime() - ms) };
        if (task.dueAt) shifted.dueAt = new Date(task.dueAt.toDate().getTime() - ms);
        await tasks.doc(task.id).update(shifted);
      }
      queue = localTaskQueue(platform, options);
      await queue.restore();
    };
    try {
      for (let hops = 0; hops < 5 && fired.length === 0; hops++) {
        const [next] = await pending();
        await advance(next.runAt.toDate().getTime() - Date.now());
        await waitFor(async () => fired.length > 0 || (await pending()).some((task: { id: string }) => task.id !== next.id), {
          what: 'the hop to re-arm or the task to fire',
        });
        armed = await pending();
        for (const task of armed) expect(task.runAt.toDate().getTime() - Date.now()).toBeLessThanOrEqual(CLOUD_TASKS_MAX_AHEAD_MS);
        await queue.close();
      }
      expect(fired).toHaveLength(1);
      expect(fired[0]!.orderId).toBe('far-order');
      expect(fired[0]!.at).toBeGreaterThanOrEqual(fired[0]!.dueAt);
      await waitFor(async () => (await tasks.doc('payout-far').get()).get('state') === 'done', { what: 'the task to be done' });
    } finally {
      await queue.close();
    }
  });
});
