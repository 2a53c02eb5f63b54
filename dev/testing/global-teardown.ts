import type { FirestoreEmulator } from '../stack/firestore-emulator';

export default async function globalTeardown(): Promise<void> {
  const emulator = (globalThis as { __FIRESTORE_EMULATOR__?: FirestoreEmulator }).__FIRESTORE_EMULATOR__;
  await emulator?.stop();
}
