import { createServer } from 'node:http';
import { natsOptionsOf } from '../platform/config';
import { createFirestore } from '../platform/firestore';
import { rootLogger } from '../platform/logger';
import { createNats } from '../platform/nats';
import { oidcHeaders, sharedSecretHeaders } from './auth-headers';
import { startBridge } from './bridge';
import { bridgeOptionsFrom, loadBridgeConfig, shopTargetFrom, type BridgeConfig } from './config';

/**
 * The bridge as a Cloud Run service (min 1 instance, CPU always allocated): it consumes JetStream and
 * serves /healthz and /relay (Cloud Scheduler's safety-net poke) on PORT.
 */
function loadConfigOrExit(): BridgeConfig {
  try {
    return loadBridgeConfig(process.env);
  } catch (error) {
    // Every problem on stderr and a non-zero exit: Cloud Run shows it as the revision's failure.
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const log = rootLogger.child({ component: 'bridge' });
  const config = loadConfigOrExit();
  const env = config;
  const nats = createNats({
    ...natsOptionsOf(config),
    name: 'tickethub-bridge',
    log,
    // The bridge is the one process that brings an existing stream's limits up to this deployment's settings.
    limits: { maxAgeMs: env.NATS_STREAM_MAX_AGE_DAYS * 86_400_000, maxBytes: env.NATS_STREAM_MAX_BYTES, enforce: true },
  });
  const bridge = startBridge({
    nats,
    db: createFirestore(config.GOOGLE_CLOUD_PROJECT),
    log,
    ...bridgeOptionsFrom(env),
    deadLetterGaugeMs: 60_000,
    shop: shopTargetFrom(env),
    authHeaders: config.production ? oidcHeaders() : sharedSecretHeaders(config.INTERNAL_SECRET),
  });

  const server = createServer((req, res) => {
    if (req.url === '/healthz') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    if (req.url === '/relay' && req.method === 'POST') {
      bridge.relay().then(
        (sent) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sent })),
        (error: unknown) => {
          log.warn('relay failed', { error: String(error) });
          res.writeHead(503, { 'content-type': 'application/json' }).end('{"errors":[{"message":"Relay failed"}]}');
        },
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"message":"Not found"}]}');
  });
  server.listen(env.PORT);

  const shutdown = async () => {
    server.close();
    await bridge.stop();
    await nats.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

void main();
