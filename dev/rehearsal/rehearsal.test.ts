import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { deployableEnvs } from '@tickethub/functions/src/functions';
import { parseEnv } from '@tickethub/functions/src/platform/config';
import { natsSubject } from '@tickethub/shared';
import { stripeClient } from '@tickethub/stripe-local/src/test-support';
import { waitFor } from '../testing/eventually';
import { ticketBody } from '../testing/fixtures';
import { REPO_ROOT } from '../stack/settings';
import { localNatsCredentials } from '../stack/nats-config';
import { buildBundles, startRehearsal, waitExit, waitHealthy, type Rehearsal } from './rehearsal';
import { terraformEnvs } from './terraform-env';
import { EVENTUALLY_MS } from '../testing/eventually';
import { createFirestore } from '@tickethub/functions/src/platform/firestore';
import { payoutRef } from '@tickethub/functions/src/payouts/store';
import { CLOUD_TASKS_MAX_AHEAD_MS } from '@tickethub/functions/src/platform/task-horizon';

// Processes start under functions-framework on a busy machine: generous bounds, every wait on a condition.
jest.setTimeout(240_000);

const firestoreHost = () => {
  const host = process.env.FIRESTORE_EMULATOR_HOST;
  if (!host) throw new Error('FIRESTORE_EMULATOR_HOST is not set (the global setup starts the emulator)');
  return host;
};

async function call(rehearsal: Rehearsal, method: string, path: string, body?: unknown, token?: string, raw?: string) {
  const response = await fetch(`${rehearsal.urlFor(path)}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await response.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: json, text };
}

async function signUp(rehearsal: Rehearsal, email: string) {
  const response = await call(rehearsal, 'POST', '/api/users/signup', { email, password: 'correct horse battery' });
  if (response.status !== 201) throw new Error(`signup: ${response.status} ${response.text}`);
  return response.body as { id: string; token: string };
}

/**
 * One purchase through the production processes: a seller lists, a buyer reserves (once orders has heard of the ticket
 * through the bridge), pays at the Stripe stand-in, and the order completes and the ticket is sold.
 */
async function purchase(rehearsal: Rehearsal, ticket: Record<string, unknown>) {
  const seller = await signUp(rehearsal, `seller-${Date.now()}@rehearsal.example`);
  const buyer = await signUp(rehearsal, `buyer-${Date.now()}@rehearsal.example`);
  const created = await call(rehearsal, 'POST', '/api/tickets', ticket, seller.token);
  expect(created.status).toBe(201);
  // orders learns of the ticket from ticket.created (bridge → /events with an OIDC token). Every attempt counts against
  // the buyer's reservation limit (RATE_LIMIT_RESERVATIONS_PER_USER, 30 an hour): polled every 50 ms, a delivery that
  // takes a few seconds on a busy machine spends it, and every later attempt is a 429. At 2.5 s, 60 s is 24 attempts.
  const order = await waitFor(
    async () => {
      const response = await call(rehearsal, 'POST', '/api/orders', { ticketId: created.body.id }, buyer.token);
      if (response.status === 404) return null;
      if (response.status !== 201) throw new Error(`reserve: ${response.status} ${response.text}`);
      return response.body;
    },
    { what: 'orders to reserve the ticket', timeoutMs: 60_000, intervalMs: 2_500 },
  );
  const payment = await waitFor(
    async () => {
      const response = await call(rehearsal, 'POST', '/api/payments', { orderId: order.id }, buyer.token);
      if (response.status === 404) return null;
      if (response.status !== 201) throw new Error(`pay: ${response.status} ${response.text}`);
      return response.body;
    },
    { what: 'payments to accept the order', timeoutMs: 60_000 },
  );
  await stripeClient(rehearsal.stripe).paymentIntents.confirm(payment.paymentIntentId, { payment_method: 'pm_card_visa' });
  await waitFor(async () => (await call(rehearsal, 'GET', `/api/orders/${order.id}`, undefined, buyer.token)).body?.status === 'complete', {
    what: 'the order to complete',
    timeoutMs: 60_000,
  });
  await waitFor(async () => (await call(rehearsal, 'GET', `/api/tickets/${created.body.id}`, undefined, seller.token)).body?.status === 'sold', {
    what: 'the ticket to be sold',
    timeoutMs: 60_000,
  });
  return { seller, buyer, created, order };
}

beforeAll(() => buildBundles());

describe('production rehearsal', () => {
  let rehearsal: Rehearsal;
  beforeAll(async () => {
    rehearsal = await startRehearsal({ build: false, firestoreHost: firestoreHost() });
  });
  afterAll(() => rehearsal?.close());

  it('starts every function and the bridge as deployed, with the Terraform environment, each healthy with one NATS node dead', async () => {
    expect(rehearsal.deployables.orders!.env.NATS_URL!.split(',')).toHaveLength(3);
    expect(rehearsal.deployables.orders!.env.NODE_ENV).toBe('production');
    for (const deployed of Object.values(rehearsal.deployables)) {
      const health = await waitHealthy(deployed);
      if (deployed.name !== 'bridge') expect(health).toEqual({ status: 'ok', firestore: 'ok', nats: 'ok', deadLetters: 0 });
    }
  });

  it('answers malformed JSON with the error envelope, not functions-framework’s HTML page', async () => {
    const response = await call(rehearsal, 'POST', '/api/users/signup', undefined, undefined, '{"email": ');
    expect(response.status).toBe(400);
    expect(response.type).toMatch(/application\/json/);
    expect(response.body).toEqual({ errors: [{ message: 'Request body is not valid JSON', code: 'INVALID_JSON' }] });
  });

  it('drives one purchase through the production processes: events via the bridge with OIDC, payment via the webhook', async () => {
    const { buyer, created, order } = await purchase(rehearsal, ticketBody({ title: 'Rehearsal gig' }));
    const mine = await call(rehearsal, 'GET', '/api/orders', undefined, buyer.token);
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((item: { id: string }) => item.id)).toContain(order.id);
    // The shop heard of the new ticket at Terraform's BRIDGE_SHOP_URL, signed with the secret it shares with the bridge.
    const heard = await waitFor(
      async () => {
        const found = rehearsal.shop.deliveries.filter((delivery) => delivery.event.type === 'ticket.created' && delivery.event.data?.id === created.body.id);
        return found.length > 0 ? found : null;
      },
      { what: 'the shop to hear of the new ticket', timeoutMs: EVENTUALLY_MS },
    );
    expect(heard.map((delivery) => delivery.signed)).not.toContain(false);
  });

  it('schedules the release of a sale 60 days before its event within 720 h, re-arms it until due, and releases it then', async () => {
    const eventDate = new Date(Date.now() + 60 * 86_400_000);
    const { seller, order } = await purchase(rehearsal, ticketBody({ title: 'Far-off gig', eventDate: eventDate.toISOString() }));
    const releaseOf = async () =>
      ((await call(rehearsal, 'GET', '/api/payouts', undefined, seller.token)).body?.items ?? []).find(
        (item: { orderId: string }) => item.orderId === order.id,
      );
    const payout = await waitFor(releaseOf, { what: 'the sale’s payout', timeoutMs: EVENTUALLY_MS });
    const pendingFor = (queue: string) => rehearsal.tasks.tasks(queue).filter((task) => task.body?.orderId === order.id);
    // Cloud Tasks accepted the release (a hop toward it): no schedule more than 720 h ahead, nothing refused.
    const refused = () => rehearsal.tasks.refusals.filter((refusal) => ['PERMISSION_DENIED', 'INVALID_ARGUMENT', 'UNAUTHENTICATED'].includes(refusal.status));
    let [hop] = await waitFor(
      async () => {
        if (refused().length > 0) throw new Error(`Cloud Tasks refused: ${JSON.stringify(refused())}`);
        return pendingFor('rehearsal-payouts').length > 0 ? pendingFor('rehearsal-payouts') : null;
      },
      {
        what: 'the release task',
        timeoutMs: EVENTUALLY_MS,
      },
    );
    expect(refused()).toEqual([]);
    expect(hop!.scheduleTime.getTime() - Date.now()).toBeLessThanOrEqual(CLOUD_TASKS_MAX_AHEAD_MS);
    expect(hop!.body.dueAt).toBe(payout.releaseAt);
    // The order completed: expiration deleted its expiry task, which Terraform lets it do.
    await waitFor(async () => pendingFor('rehearsal-expirations').length === 0, { what: 'the expiry task to be deleted', timeoutMs: EVENTUALLY_MS });

    // Each hop, run as if at its schedule time (the clock moved through its payload), only re-arms the next.
    for (let hops = 0; hop!.body.dueAt && hops < 5; hops++) {
      const fired = await rehearsal.tasks.runNow(hop!.id, { asIfDue: true });
      expect({ status: fired.status, body: JSON.parse(fired.body) }).toEqual({ status: 200, body: { outcome: 'rearmed' } });
      [hop] = pendingFor('rehearsal-payouts');
      expect(hop).toBeDefined();
      expect(hop!.scheduleTime.getTime() - Date.now()).toBeLessThanOrEqual(CLOUD_TASKS_MAX_AHEAD_MS);
      expect((await releaseOf()).status).toBe('held');
    }
    // The last task is the release itself. Its day has come: the payout's stored release time is moved to now.
    expect(hop!.body).toEqual({ orderId: order.id });
    const db = createFirestore(rehearsal.projectId);
    try {
      await payoutRef(db, order.id).update({ releaseAt: new Date(Date.now() - 1000) });
    } finally {
      await db.terminate();
    }
    const released = await rehearsal.tasks.runNow(hop!.id);
    // The seller never onboarded with Stripe Connect: the release ran and holds the payout for that reason.
    expect({ status: released.status, body: JSON.parse(released.body) }).toEqual({ status: 200, body: { outcome: 'awaiting-onboarding' } });
    expect(await releaseOf()).toMatchObject({ status: 'held', holdReason: 'awaiting-onboarding' });
    expect(pendingFor('rehearsal-payouts')).toEqual([]);
    expect(refused()).toEqual([]);
  });

  it('refuses an internal call whose OIDC token names a caller Terraform did not allow', async () => {
    const url = rehearsal.deployables.orders!.url;
    const token = rehearsal.issuer.mint(url, 'intruder@elsewhere.iam.gserviceaccount.com');
    const response = await fetch(`${url}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(403);
  });

  it('refuses, on the TLS cluster, a domain publishing a subject it does not own', async () => {
    const nc = await connect({ servers: rehearsal.nats.urls, tls: { ca: rehearsal.nats.caPem }, ...localNatsCredentials('orders') });
    try {
      const js = jetstream(nc, { timeout: 3000 });
      await expect(js.publish(natsSubject('order.created'), '{}', { msgID: `own-${Date.now()}` })).resolves.toMatchObject({ stream: 'TICKETHUB' });
      await expect(js.publish(natsSubject('payment.created'), '{}', { msgID: `forged-${Date.now()}` })).rejects.toThrow(/permission|timeout|no responders/i);
    } finally {
      await nc.close();
    }
  });
});

describe('production rehearsal › what it catches', () => {
  it('knows every variable each deployable requires, and refuses each environment that lacks one, naming it', async () => {
    const envs = await terraformEnvs({
      projectId: 'p',
      natsUrls: ['tls://127.0.0.1:1'],
      functionUrls: {
        auth: 'http://a',
        tickets: 'http://t',
        orders: 'http://o',
        payments: 'http://p',
        expiration: 'http://e',
        payouts: 'http://po',
        notifications: 'http://n',
      },
      shopUrl: 'http://shop/hooks/revalidate',
      secret: (name) =>
        name === 'NATS_TLS_CA'
          ? '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----'
          : name === 'SMTP_URL'
            ? 'smtp://127.0.0.1:1'
            : name.endsWith('WEBHOOK_SECRET')
              ? 'whsec_x'
              : 'sk_test_placeholder-value-0123456789',
    });
    for (const [name, spec] of Object.entries(deployableEnvs())) {
      const env = { ...envs[name]!.plain, ...envs[name]!.secret };
      expect(() => parseEnv(spec as never, env)).not.toThrow();
      for (const variable of spec.requiredInProduction) {
        const { [variable]: _dropped, ...without } = env;
        expect(() => parseEnv(spec as never, without)).toThrow(new RegExp(`${variable}: required`));
      }
    }
  });

  it('stops a function and the bridge at start when Terraform no longer gives a variable they need', async () => {
    for (const [deployable, variable] of [
      ['orders', 'JWT_SECRET'],
      ['bridge', 'BRIDGE_TARGETS'],
    ] as const) {
      const rehearsal = await startRehearsal({ build: false, firestoreHost: firestoreHost(), only: [deployable], without: { deployable, variable } });
      try {
        const { code, output } = await waitExit(rehearsal.deployables[deployable]!);
        expect(code).not.toBe(0);
        expect(output).toContain(`${variable}: required when NODE_ENV=production`);
      } finally {
        await rehearsal.close();
      }
    }
  });

  it('fails a query whose composite index firestore.indexes.json lacks, as production Firestore does', async () => {
    const file = JSON.parse(readFileSync(join(REPO_ROOT, 'firestore.indexes.json'), 'utf8')) as { indexes: Array<{ collectionGroup: string }> };
    const withoutOrders = join(mkdtempSync(join(tmpdir(), 'rehearsal-indexes-')), 'firestore.indexes.json');
    writeFileSync(withoutOrders, JSON.stringify({ ...file, indexes: file.indexes.filter((index) => index.collectionGroup !== 'orders_orders') }));
    const rehearsal = await startRehearsal({ build: false, firestoreHost: firestoreHost(), only: ['auth', 'orders'], indexesFile: withoutOrders });
    try {
      await waitHealthy(rehearsal.deployables.orders!);
      await waitHealthy(rehearsal.deployables.auth!);
      const buyer = await signUp(rehearsal, `no-index-${Date.now()}@rehearsal.example`);
      expect((await call(rehearsal, 'GET', '/api/orders', undefined, buyer.token)).status).toBe(500);
      expect(rehearsal.deployables.orders!.child.output()).toMatch(/requires an index/);
    } finally {
      await rehearsal.close();
    }
  });
});
