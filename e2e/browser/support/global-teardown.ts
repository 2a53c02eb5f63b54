import stopFirestore from '@tickethub/dev/testing/global-teardown';
import { removeShopBuild } from './web-build';

export default async function globalTeardown(): Promise<void> {
  removeShopBuild(process.env.TICKETHUB_SHOP_BUILD);
  // Stops the emulator only if a global setup of this process started it; calling it twice is harmless.
  await stopFirestore();
}
