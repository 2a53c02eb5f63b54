import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startStripeStandIn, type StripeStandIn } from '@tickethub/stripe-local';
import type { Domain } from '@tickethub/shared';
import { startChild, type Child } from '../stack/child';
import { routeFor } from '../stack/gateway';
import { startMailDev } from '../stack/maildev';
import { localNatsCredentials, type NatsService } from '../stack/nats-config';
import { freePorts, waitFor } from '../stack/ports';
import { REPO_ROOT } from '../stack/settings';
import { startCloudTasksStandIn, type CloudTasksStandIn } from './cloud-tasks-stand-in';
import { startNatsCluster, type NatsCluster } from './nats-cluster';
import { startShopStandIn, type ShopStandIn } from './shop-stand-in';
import { terraformEnvs, type DeployableEnv } from './terraform-env';
import { rehearsalQueueName, terraformIam, type Grant } from './terraform-iam';
import { startTokenIssuer, type TokenIssuer } from './token-issuer';

export const FUNCTION_DOMAINS: Domain[] = ['auth', 'tickets', 'orders', 'payments', 'expiration', 'payouts', 'notifications'];
const DIST = join(REPO_ROOT, 'functions', 'dist');
const TSX_CJS = join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cjs', 'index.cjs');
const FRAMEWORK_BIN = join(REPO_ROOT, 'node_modules', '@google-cloud', 'functions-framework', 'build', 'src', 'main.js');

export interface RehearsalOptions {
  /** Rebuild functions/dist first (npm run build:functions); the test builds once per run. */
  build?: boolean;
  /** Remove a variable Terraform gives a deployable (to prove the deployable refuses to start without it). */
  without?: { deployable: string; variable: string };
  /** The composite-index file the emulator is held to (default firestore.indexes.json). */
  indexesFile?: string;
  /** Start only these deployables (default: every function and the bridge). */
  only?: string[];
  /** The Firestore emulator's host:port (the test's global setup, or npm run rehearse's own). */
  firestoreHost: string;
  /** Drop grants Terraform makes (to prove the Cloud Tasks stand-in refuses what an account may not do). */
  withoutGrants?: (grant: Grant) => boolean;
}

export interface Deployed {
  name: string;
  url: string;
  env: Record<string, string>;
  child: Child;
}

export interface Rehearsal {
  projectId: string;
  nats: NatsCluster;
  issuer: TokenIssuer;
  stripe: StripeStandIn;
  /** Stands in for the shop's /hooks/revalidate, where the bridge delivers ticket events (BRIDGE_SHOP_URL). */
  shop: ShopStandIn;
  /** Stands in for Cloud Tasks (TASKS_API_ENDPOINT), with the permissions the parsed Terraform grants. */
  tasks: CloudTasksStandIn;
  deployables: Record<string, Deployed>;
  /** The load balancer's routing: an API path → the URL of the function that serves it. */
  urlFor(path: string): string;
  close(): Promise<void>;
}

/** `npm run build:functions`: the bundles Terraform zips and the bridge image copies. */
export function buildBundles(): void {
  execFileSync('npm', ['run', 'build:functions'], { cwd: REPO_ROOT, stdio: 'pipe' });
}

/**
 * The production rehearsal: every function under the functions-framework CLI on the built bundle and the bridge under
 * node, exactly as deployed, each with the environment the parsed Terraform gives it (NODE_ENV=production), secrets
 * as placeholders. What stands in for Google and Stripe is added on top and only that: the Firestore emulator
 * (FIRESTORE_EMULATOR_HOST, held to firestore.indexes.json like production by a preloaded check), the Stripe stand-in
 * (STRIPE_API_BASE with the stand-in's key), the OIDC issuer (GCE_METADATA_HOST, INTERNAL_OIDC_CERTS_URL), and a
 * three-node TLS NATS cluster with the generated users, one node of NATS_URL dead, and a stand-in for the shop's
 * /hooks/revalidate (BRIDGE_SHOP_URL) that checks the bridge's signature as the shop does.
 */
export async function startRehearsal(options: RehearsalOptions): Promise<Rehearsal> {
  if (options.build !== false) buildBundles();
  const projectId = `rehearsal-${randomBytes(4).toString('hex')}`;
  const stops: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const nats = await startNatsCluster(3);
    stops.push(nats.close);
    const bridgeAccount = `tickethub-bridge@${projectId}.iam.gserviceaccount.com`;
    const issuer = await startTokenIssuer(bridgeAccount, projectId);
    stops.push(issuer.close);
    // Cloud Tasks, holding every caller to the grants the parsed Terraform makes (terraform-iam.ts).
    const iam = await terraformIam({ projectId, queueName: rehearsalQueueName });
    if (options.withoutGrants) {
      const drop = options.withoutGrants;
      const kept = iam.grants.filter((grant) => !drop(grant));
      iam.grants.splice(0, iam.grants.length, ...kept);
    }
    const tasks = await startCloudTasksStandIn({ issuer, iam });
    stops.push(tasks.close);
    // Each function runs as its own service account (modules/function: tickethub-fn-<name>), as in the cloud.
    const identities: Record<string, string> = { bridge: issuer.host };
    for (const domain of FUNCTION_DOMAINS) identities[domain] = await issuer.identity(`tickethub-fn-${domain}@${projectId}.iam.gserviceaccount.com`);
    const webhookSecret = `whsec_rehearsal_${randomBytes(8).toString('hex')}`;
    const stripe = await startStripeStandIn({ webhookSecret, connectWebhookSecret: CONNECT_WEBHOOK_SECRET });
    stops.push(stripe.close);
    // The SMTP relay the notifications function sends through (SMTP_URL, a secret in the cloud): MailDev.
    const mail = await startMailDev();
    stops.push(mail.stop);
    // The shop's revalidation endpoint, holding the secret the bridge is given (SHOP_REVALIDATE_SECRET, shared in the cloud).
    const shopSecret = randomBytes(24).toString('hex');
    const shop = await startShopStandIn(shopSecret);
    stops.push(shop.close);

    const names = [...FUNCTION_DOMAINS, 'bridge'];
    const chosen = await freePorts(names.length);
    const ports = Object.fromEntries(names.map((name, i) => [name, chosen[i]]));
    const functionUrls = Object.fromEntries(FUNCTION_DOMAINS.map((domain) => [domain, `http://127.0.0.1:${ports[domain]}`]));
    const jwtSecret = randomBytes(24).toString('hex');
    const envs = await terraformEnvs({
      projectId,
      natsUrls: nats.urls,
      functionUrls,
      shopUrl: shop.url,
      secret: (name, deployable) => placeholderSecret(name, deployable, { jwtSecret, webhookSecret, caPem: nats.caPem, smtpUrl: mail.smtpUrl, shopSecret }),
    });
    stripe.setWebhookUrl(`${functionUrls.payments}/api/payments/webhook`);
    stripe.setConnectWebhookUrl(`${functionUrls.payouts}/api/payouts/webhook`);

    const standIns = (name: string): Record<string, string> => ({
      PATH: process.env.PATH ?? '',
      FIRESTORE_EMULATOR_HOST: options.firestoreHost,
      GCE_METADATA_HOST: identities[name]!,
      METADATA_SERVER_DETECTION: 'assume-present',
      // What the Cloud Functions runtime sets itself (reserved variables), beside the --target flag.
      ...(name === 'bridge'
        ? { PORT: String(ports.bridge), K_SERVICE: name }
        : { INTERNAL_OIDC_CERTS_URL: issuer.certsUrl, FUNCTION_TARGET: name, FUNCTION_SIGNATURE_TYPE: 'http', K_SERVICE: name }),
      ...(name === 'payments' || name === 'payouts' ? { STRIPE_API_BASE: stripe.url } : {}),
      ...(name === 'expiration' || name === 'payouts' ? { TASKS_API_ENDPOINT: tasks.url } : {}),
      // Production Firestore refuses a query without its composite index; the emulator is held to the same rule.
      NODE_OPTIONS: `--require ${TSX_CJS} --require ${join(__dirname, 'strict-indexes-preload.ts')}`,
      ...(options.indexesFile ? { REHEARSAL_INDEXES_FILE: options.indexesFile } : {}),
    });
    const deployables: Record<string, Deployed> = {};
    for (const name of options.only ?? [...FUNCTION_DOMAINS, 'bridge']) {
      const terraform = envs[name];
      if (!terraform) throw new Error(`Terraform deploys no ${name}`);
      const env = { ...flatten(terraform), ...standIns(name) };
      if (options.without?.deployable === name) delete env[options.without.variable];
      const args =
        name === 'bridge'
          ? [join(DIST, 'bridge.js')]
          : [FRAMEWORK_BIN, `--target=${name}`, `--source=${DIST}`, `--port=${ports[name]}`, '--signature-type=http'];
      const child = startChild(process.execPath, args, { cwd: REPO_ROOT, env });
      stops.push(child.stop);
      deployables[name] = { name, url: `http://127.0.0.1:${ports[name]}`, env, child };
    }
    return {
      projectId,
      nats,
      issuer,
      stripe,
      shop,
      tasks,
      deployables,
      urlFor: (path) => {
        const domain = routeFor(path.split('?')[0]!) ?? (path === '/api/health' || path === '/api/openapi.json' ? 'auth' : null);
        if (!domain) throw new Error(`The load balancer routes ${path} to the web app`);
        return deployables[domain]!.url;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function flatten(env: DeployableEnv): Record<string, string> {
  return { ...env.plain, ...env.secret };
}

/** The Connect endpoint's secret: the stand-in signs with it, payouts checks it (never the local default in production). */
const CONNECT_WEBHOOK_SECRET = `whsec_rehearsal_connect_${randomBytes(8).toString('hex')}`;

/** Placeholder values for what Secret Manager holds in the cloud. */
function placeholderSecret(
  name: string,
  deployable: string,
  known: { jwtSecret: string; webhookSecret: string; caPem: string; smtpUrl: string; shopSecret: string },
): string {
  if (name === 'JWT_SECRET') return known.jwtSecret;
  if (name === 'SHOP_REVALIDATE_SECRET') return known.shopSecret;
  if (name === 'SMTP_URL') return known.smtpUrl;
  if (name === 'STRIPE_CONNECT_WEBHOOK_SECRET') return CONNECT_WEBHOOK_SECRET;
  if (name === 'STRIPE_SECRET_KEY') return 'sk_test_local'; // the stand-in's key: the SDK talks to STRIPE_API_BASE
  if (name === 'STRIPE_WEBHOOK_SECRET') return known.webhookSecret;
  if (name === 'NATS_PASSWORD') return localNatsCredentials(deployable as NatsService).pass;
  if (name === 'NATS_TLS_CA') return known.caPem;
  if (/WEBHOOK_SECRET$/.test(name)) return `whsec_rehearsal_${name.toLowerCase()}`;
  return `rehearsal-placeholder-${name.toLowerCase()}-${randomBytes(8).toString('hex')}`;
}

/** Waits until a deployable answers healthy, or fails with its output when it exits first. */
export async function waitHealthy(deployed: Deployed, timeoutMs = 90_000): Promise<unknown> {
  const path = deployed.name === 'bridge' ? '/healthz' : '/api/health';
  return waitFor(
    async () => {
      if (deployed.child.process.exitCode !== null)
        throw new Error(`${deployed.name} exited (${deployed.child.process.exitCode}):\n${deployed.child.output()}`);
      const response = await fetch(`${deployed.url}${path}`).catch(() => null);
      if (!response?.ok) return null;
      return response.json();
    },
    { what: `${deployed.name} to be healthy`, timeoutMs, intervalMs: 250 },
  );
}

/** Waits for a deployable to exit (a refused configuration) and returns its code and output. */
export async function waitExit(deployed: Deployed, timeoutMs = 60_000): Promise<{ code: number | null; output: string }> {
  await waitFor(async () => deployed.child.process.exitCode !== null, { what: `${deployed.name} to exit`, timeoutMs, intervalMs: 100 });
  return { code: deployed.child.process.exitCode, output: deployed.child.output() };
}
