import startFirestore from '@tickethub/dev/testing/global-setup';
import { buildShop } from './web-build';

/**
 * The browser tests' one-time work: the Firestore emulator (unless the functions project's setup already started
 * it in this process) and one production build of the shop, whose location the test workers inherit.
 */
export default async function globalSetup(): Promise<void> {
  if (!process.env.FIRESTORE_EMULATOR_HOST) await startFirestore();
  process.env.TICKETHUB_SHOP_BUILD = await buildShop();
}
