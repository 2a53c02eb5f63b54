import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Domain } from '@tickethub/shared';
import { functionDomains, loadAllFunctionsConfig } from '@tickethub/functions/src/functions';
import { loadPayoutsConfig } from '@tickethub/functions/src/payouts/config';
import { rootLogger } from '@tickethub/functions/src/platform/logger';
import { startChild, type Child } from './child';
import { startFirestoreEmulator } from './firestore-emulator';
import { closeServer } from './functions-host';
import { startBridgeProcess, startFunctionProcess, type FunctionProcess } from './processes';
import { createGateway } from './gateway';
import { localNatsCredentials, type NatsService } from './nats-config';
import { startNatsServer } from './nats-server';
import { startMailDev } from './maildev';
import { isPortTaken, waitFor } from './ports';
import { stopOnSignals } from './stop-on-signals';
import { localPorts, REPO_ROOT } from './settings';
import { startStripeStandIn } from '@tickethub/stripe-local';
import { DEMO_ACCOUNTS, seedDemoData } from './demo-data';
import { stripeApiBase } from '@tickethub/functions/src/payments/stripe-client';
import { assertNodeMajor } from '../provision/node-runtime';
import { NEEDS, provision } from '../provision/provision';

const log = rootLogger.child({ component: 'local-stack' });

/**
 * `npm start`: the whole marketplace on loopback. Everything started here is stopped on Ctrl-C; services the
 * developer pointed us at (FIRESTORE_EMULATOR_HOST, NATS_URL) are used as they are and left running.
 */
async function main(): Promise<void> {
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  const ports = localPorts();
  let stopping = false;
  // A function or the bridge that dies on its own is said plainly (its own last words are above it on the terminal):
  // the gateway would otherwise only answer 502 for its routes.
  const sayIfItDies = (what: string, consequence: string, child: Child) =>
    child.process.once('exit', (code, signal) => {
      if (!stopping) log.error(`${what} exited (${signal ?? `code ${code}`}): ${consequence} until npm start is restarted`);
    });
  const { stops, stopAll } = stopOnSignals({
    onStopping: () => {
      stopping = true;
      log.info('stopping the local stack');
    },
    onFailedStop: (error) => log.warn('stop failed', { error }),
  });

  try {
    assertNodeMajor('npm start');
    for (const [what, port] of [
      ['the web/API origin', ports.web],
      ['the web app', ports.next],
    ] as const) {
      if (await isPortTaken(port)) throw new Error(`Port ${port} (${what}) is already in use: is TicketHub already running? Stop it or set PORT.`);
    }

    // What this machine lacks is installed (and said) before anything starts; services the developer named are not needed.
    await provision([...(process.env.NATS_URL ? [] : [NEEDS.nats]), ...(process.env.FIRESTORE_EMULATOR_HOST ? [] : [NEEDS.java, NEEDS.firestore])]);
    if (!process.env.FIRESTORE_EMULATOR_HOST) {
      if (await isPortTaken(ports.firestore))
        throw new Error(`Port ${ports.firestore} (Firestore emulator) is in use: set FIRESTORE_EMULATOR_HOST to use that emulator.`);
      const emulator = await startFirestoreEmulator(ports.firestore);
      stops.push(emulator.stop);
      process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
    }
    if (!process.env.NATS_URL) {
      if (await isPortTaken(ports.nats)) throw new Error(`Port ${ports.nats} (NATS) is in use: set NATS_URL to use that server.`);
      const storeDir = join(REPO_ROOT, '.local', 'nats');
      mkdirSync(storeDir, { recursive: true });
      const nats = await startNatsServer(ports.nats, storeDir);
      stops.push(nats.stop);
      process.env.NATS_URL = nats.url;
    }

    // E-mail goes to MailDev unless the developer named an SMTP server of their own.
    let mailLine = `  E-mail          ${process.env.SMTP_URL} (SMTP_URL)`;
    if (!process.env.SMTP_URL) {
      for (const [what, port] of [
        ['MailDev SMTP', ports.smtp],
        ['MailDev inbox', ports.mailWeb],
      ] as const) {
        if (await isPortTaken(port)) throw new Error(`Port ${port} (${what}) is in use: set MAILDEV_SMTP_PORT / MAILDEV_WEB_PORT, or SMTP_URL.`);
      }
      const mail = await startMailDev({ smtp: ports.smtp, web: ports.mailWeb });
      stops.push(mail.stop);
      process.env.SMTP_URL = mail.smtpUrl;
      mailLine = `  MailDev         inbox http://localhost:${ports.mailWeb} (REST: /email), SMTP ${mail.smtpUrl}`;
    }
    // Links in e-mails open the shop this stack serves; ticket files stay in .local/files.
    process.env.PUBLIC_URL ??= `http://localhost:${ports.web}`;
    process.env.LOCAL_STORAGE_DIR ??= join(REPO_ROOT, '.local', 'files');

    // Locally the demo admin is an admin; a developer's own ADMIN_EMAILS wins.
    process.env.ADMIN_EMAILS ??= DEMO_ACCOUNTS.admin;
    // One per start, shared by every function process: it signs the local ticket-file URLs (no public default).
    process.env.INTERNAL_SECRET ??= randomBytes(24).toString('hex');
    const config = loadAllFunctionsConfig(process.env);
    // Said once above (the development secret); the function processes inherit it instead of each saying it again.
    process.env.JWT_SECRET ??= config.JWT_SECRET;
    let stripeLine = '  Stripe          api.stripe.com (STRIPE_SECRET_KEY)';
    if (!config.STRIPE_SECRET_KEY) {
      // Without real keys, payments' SDK talks to STRIPE_API_BASE: the stand-in serves it and signs its webhooks.
      if (await isPortTaken(ports.stripe)) throw new Error(`Port ${ports.stripe} (Stripe stand-in) is in use: stop what runs there or set STRIPE_API_BASE.`);
      const webhookUrl = `http://127.0.0.1:${ports.web}/api/payments/webhook`;
      const connectWebhookUrl = `http://127.0.0.1:${ports.web}/api/payouts/webhook`;
      const host = new URL(stripeApiBase(config)).hostname.replace(/^\[|\]$/g, '');
      const stripe = await startStripeStandIn({
        port: ports.stripe,
        host,
        webhookUrl,
        webhookSecret: config.STRIPE_WEBHOOK_SECRET,
        connectWebhookUrl,
        connectWebhookSecret: loadPayoutsConfig(process.env, false).connectWebhookSecret,
        // What the platform balance settles in (payouts transfer in it); unset: each charge's own currency.
        settlementCurrency: process.env.STRIPE_STANDIN_SETTLEMENT_CURRENCY || undefined,
        logger: log.child({ component: 'stripe-standin' }),
      });
      stops.push(stripe.close);
      stripeLine = `  Stripe stand-in ${stripe.url}  (webhooks → ${webhookUrl}, Connect → ${connectWebhookUrl})`;
    }
    // Each function in a Node process of its own and the bridge as its Cloud Run entry point, as in the cloud
    // (dev/stack/processes.ts): in one process they shared one core and functions-framework's per-request domain
    // taxed everything in it (README, "Propagation after a burst"). Each parses its own environment, inherited here.
    for (const [index, domain] of functionDomains.entries()) {
      // Checked first: a function's health check must not be answered by whatever already listens there.
      if (await isPortTaken(ports.functionsBase + index))
        throw new Error(`Port ${ports.functionsBase + index} (the ${domain} function) is in use: stop what runs there or set FUNCTIONS_PORT.`);
    }
    const started = await Promise.allSettled(
      functionDomains.map((domain, index) =>
        startFunctionProcess(domain, { ...process.env, ...localNatsUser(domain) }, { port: ports.functionsBase + index, showOutput: true }),
      ),
    );
    const functions: Partial<Record<Domain, FunctionProcess>> = {};
    for (const result of started) {
      if (result.status === 'fulfilled') {
        functions[result.value.domain] = result.value;
        stops.push(result.value.child.stop);
        sayIfItDies(`the ${result.value.domain} function`, 'its routes answer 502 and its events wait in JetStream', result.value.child);
      }
    }
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;

    // The shop's cached pages hear of ticket changes from the bridge, signed with a secret the two share; locally a
    // fresh one per start unless the developer set one (the web app inherits it from this environment).
    process.env.SHOP_REVALIDATE_SECRET ??= randomBytes(24).toString('hex');
    process.env.BRIDGE_SHOP_URL ??= `http://127.0.0.1:${ports.next}/hooks/revalidate`;
    const bridge = await startBridgeProcess(
      {
        ...process.env,
        ...localNatsUser('bridge'),
        BRIDGE_TARGETS: JSON.stringify(Object.fromEntries(Object.values(functions).map((fn) => [fn.domain, fn.url]))),
      },
      { showOutput: true },
    );
    stops.push(bridge.child.stop);
    sayIfItDies('the events bridge', 'events wait in JetStream', bridge.child);

    const web = startWeb(ports.next, `http://127.0.0.1:${ports.web}`);
    stops.push(web.stop);

    const gateway = createGateway({ functions, webOrigin: `http://127.0.0.1:${ports.next}` });
    await new Promise<void>((resolve, reject) => {
      gateway.once('error', reject);
      gateway.listen(ports.web, resolve);
    });
    stops.push(() => closeServer(gateway));

    await waitFor(async () => (await fetch(`http://127.0.0.1:${ports.web}/api/health`)).ok, { what: 'the API health check', timeoutMs: 30_000 });
    // The first start builds the shop (about three minutes on two quiet cores with Next 16's webpack build, and more on
    // a busy machine: a liveness bound, and the build's own failure ends the wait at once); later starts reuse it.
    await waitFor(
      async () => {
        if (web.process.exitCode !== null) throw new Error('the web app exited (see its output above)');
        return (await fetch(`http://127.0.0.1:${ports.next}/icon.svg`)).ok;
      },
      { what: 'the web app', timeoutMs: 900_000, intervalMs: 250 },
    );
    const demo = await seedDemoData(`http://127.0.0.1:${ports.web}`);
    printSummary(ports, functions, config.GOOGLE_CLOUD_PROJECT, stripeLine, demo, mailLine);
  } catch (error) {
    console.error(`\nTicketHub could not start:\n${error instanceof Error ? error.message : String(error)}\n`);
    await stopAll();
    process.exit(1);
  }
}

/** The shop's production server (web/scripts/serve.mjs builds it when stale): `next dev` cannot hydrate behind the gateway. */
function startWeb(port: number, apiOrigin: string): Child {
  const child = startChild(process.execPath, [join(REPO_ROOT, 'web', 'scripts', 'serve.mjs')], {
    cwd: join(REPO_ROOT, 'web'),
    env: { ...process.env, API_ORIGIN: apiOrigin, PORT: String(port), WEB_HOSTNAME: '127.0.0.1', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

function printSummary(
  ports: ReturnType<typeof localPorts>,
  functions: Partial<Record<Domain, FunctionProcess>>,
  projectId: string,
  stripeLine: string,
  demo: string,
  mailLine: string,
): void {
  const lines = [
    '',
    `TicketHub is running: http://localhost:${ports.web}`,
    `  API             http://localhost:${ports.web}/api  (health: /api/health)`,
    ...Object.values(functions).map((fn) => `  function ${fn!.domain.padEnd(10)} ${fn!.url}`),
    `  Firestore       ${process.env.FIRESTORE_EMULATOR_HOST} (project ${projectId})`,
    `  NATS JetStream  ${process.env.NATS_URL}`,
    stripeLine,
    mailLine,
    `  Ticket files    local directory ${process.env.LOCAL_STORAGE_DIR} (signed, expiring URLs under /api/tickets/files)`,
    `  Demo data       ${demo}: sellers ${DEMO_ACCOUNTS.sellers.join(', ')}; admin ${DEMO_ACCOUNTS.admin}; password ${DEMO_ACCOUNTS.password}`,
    '  Ctrl-C stops everything started here.',
    '',
  ];
  console.log(lines.join('\n'));
}

/**
 * The NATS user each local service connects as: the generated config's (the same permission model as the cloud). A
 * developer's own NATS_USER (for their own server) wins; a server without users ignores the credentials.
 */
function localNatsUser(service: NatsService): { NATS_USER?: string; NATS_PASSWORD?: string } {
  if (process.env.NATS_USER) return {};
  const { user, pass } = localNatsCredentials(service);
  return { NATS_USER: user, NATS_PASSWORD: pass };
}

void main();
