import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Firestore } from '@google-cloud/firestore';
import type { Domain } from '@tickethub/shared';
import { loadAllFunctionsConfig, type AllFunctionsConfig } from '@tickethub/functions/src/functions';
import { loadPayoutsConfig } from '@tickethub/functions/src/payouts/config';
import { createFirestore } from '@tickethub/functions/src/platform/firestore';
import { closeServer } from '@tickethub/dev/stack/functions-host';
import { createGateway } from '@tickethub/dev/stack/gateway';
import { localNatsCredentials, type NatsService } from '@tickethub/dev/stack/nats-config';
import { startNatsServer, type NatsServer } from '@tickethub/dev/stack/nats-server';
import { freePort, waitFor } from '@tickethub/dev/stack/ports';
import { startBridgeProcess, startFunctionProcess } from '@tickethub/dev/stack/processes';
import { SHARED_ADDRESS_LIMITS } from '@tickethub/dev/testing/stack';
import { startStripeStandIn } from '@tickethub/stripe-local';

export interface BenchStack {
  /** The gateway, as `npm start`'s http://localhost:3000. */
  origin: string;
  projectId: string;
  config: AllFunctionsConfig;
  nats: NatsServer;
  /** The bench's own client of the stack's Firestore project, for reading what the stack did. */
  db: Firestore;
  /** Documents written so far by the functions, per collection (asked of each function's process). */
  writes(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/** The bridge's settings for the bench: production's retry bounds (the tests' short budget would dead-letter under load). */
const BRIDGE_ENV = {
  BRIDGE_RETRY_BUDGET_HOURS: '1',
  BRIDGE_MIN_DELIVERIES: '50',
  BRIDGE_REQUEST_TIMEOUT_MS: '30000',
  BRIDGE_BASE_BACKOFF_MS: '100',
  BRIDGE_MAX_BACKOFF_MS: '2000',
  BRIDGE_RELAY_INTERVAL_MS: '5000',
};

const natsUser = (service: NatsService) => {
  const { user, pass } = localNatsCredentials(service);
  return { NATS_USER: user, NATS_PASSWORD: pass };
};

/**
 * The stack the benchmark loads, shaped like the cloud: each function in a process of its own and the bridge as its
 * Cloud Run entry point in another (dev/stack/processes.ts), all on one Firestore emulator and a real nats-server,
 * behind the gateway; the Stripe stand-in and the load itself run in this process.
 */
export async function startBenchStack(domains: Domain[]): Promise<BenchStack> {
  const projectId = `bench-${randomUUID().slice(0, 12)}`;
  const nats = await startNatsServer(await freePort());
  const { STRIPE_SECRET_KEY: _realStripe, ...inherited } = process.env;
  const base: NodeJS.ProcessEnv = {
    ...inherited,
    NODE_ENV: 'development',
    GOOGLE_CLOUD_PROJECT: projectId,
    NATS_URL: nats.url,
    ...SHARED_ADDRESS_LIMITS,
    // One seller lists the benchmark's thousands of listings: the per-seller write limit would measure only itself.
    RATE_LIMIT_LISTING_WRITES_PER_USER: '1000000/60',
  };
  const config = loadAllFunctionsConfig(base, () => undefined);
  const stripe = await startStripeStandIn({
    webhookSecret: config.STRIPE_WEBHOOK_SECRET,
    connectWebhookSecret: loadPayoutsConfig(base, false).connectWebhookSecret,
  });
  const env = { ...base, STRIPE_API_BASE: stripe.url };
  const countsDir = mkdtempSync(join(tmpdir(), 'tickethub-bench-writes-'));
  const countsFile = (domain: Domain) => join(countsDir, `${domain}.json`);
  const functions = await Promise.all(
    domains.map((domain) => startFunctionProcess(domain, { ...env, ...natsUser(domain), WRITE_COUNTS_FILE: countsFile(domain) })),
  );
  let asked = 0;
  const writes = async () => {
    asked += 1;
    for (const fn of functions) fn.child.process.kill('SIGUSR2');
    const answer = async (domain: Domain) => {
      try {
        const read = JSON.parse(readFileSync(countsFile(domain), 'utf8')) as { asked: number; counts: Record<string, number> };
        return read.asked >= asked ? read.counts : null;
      } catch {
        return null; // not written yet
      }
    };
    const totals: Record<string, number> = {};
    for (const fn of functions) {
      const counts = await waitFor(() => answer(fn.domain), { what: `the ${fn.domain} function's write counts`, timeoutMs: 10_000, intervalMs: 20 });
      for (const [collection, n] of Object.entries(counts)) totals[collection] = (totals[collection] ?? 0) + n;
    }
    return totals;
  };
  const gateway = createGateway({ functions: Object.fromEntries(functions.map((fn) => [fn.domain, { url: fn.url }])) });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  stripe.setWebhookUrl(`${origin}/api/payments/webhook`);
  const bridge = await startBridgeProcess({
    ...env,
    ...natsUser('bridge'),
    ...BRIDGE_ENV,
    BRIDGE_TARGETS: JSON.stringify(Object.fromEntries(functions.map((fn) => [fn.domain, fn.url]))),
  });
  const db = createFirestore(projectId);
  return {
    origin,
    projectId,
    config: { ...config, STRIPE_SECRET_KEY: undefined, STRIPE_API_BASE: stripe.url },
    nats,
    db,
    writes,
    close: async () => {
      await bridge.child.stop();
      await Promise.all(functions.map((fn) => fn.child.stop()));
      await closeServer(gateway);
      await stripe.close();
      await db.terminate();
      await nats.destroy();
      rmSync(countsDir, { recursive: true, force: true });
    },
  };
}
