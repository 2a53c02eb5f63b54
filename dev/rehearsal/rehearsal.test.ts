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
    const seller = await signUp(rehearsal, `seller-${Date.now()}@rehearsal.example`);
    const buyer = await signUp(rehearsal, `buyer-${Date.now()}@rehearsal.example`);
    const created = await call(rehearsal, 'POST', '/api/tickets', ticketBody({ title: 'Rehearsal gig' }), seller.token);
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
