import { freePort } from '@tickethub/dev/stack/ports';
import { startFirestoreEmulator } from '@tickethub/dev/stack/firestore-emulator';
import { buildShop } from './web-build';
import { startShop } from './shop';

/**
 * The browser tests' stack by hand, for debugging a failing scenario or taking screenshots:
 * `npx tsx e2e/browser/support/serve.ts` (set TICKETHUB_SHOP_BUILD to reuse a build). Ctrl-C stops it.
 */
async function main(): Promise<void> {
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  const emulator = process.env.FIRESTORE_EMULATOR_HOST ? null : await startFirestoreEmulator(await freePort());
  if (emulator) process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
  process.env.TICKETHUB_SHOP_BUILD ??= await buildShop();
  const shop = await startShop({
    env: { ADMIN_EMAILS: process.env.ADMIN_EMAILS ?? 'admin@example.com', ORDER_EXPIRATION_SECONDS: process.env.ORDER_EXPIRATION_SECONDS ?? '900' },
  });
  console.log(`shop: ${shop.origin}  (build ${process.env.TICKETHUB_SHOP_BUILD})`);
  const stop = async () => {
    await shop.close();
    await emulator?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();
