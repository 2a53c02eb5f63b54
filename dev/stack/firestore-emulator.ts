import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { startChild, type Child } from './child';
import { waitFor } from './ports';

const MAIN_CLASS = 'com.google.cloud.datastore.emulator.firestore.CloudFirestore';

/** Where the official emulator jar lives: the Google Cloud SDK component, or Firebase tools' cache. */
export function findEmulatorJar(env = process.env): string | null {
  const candidates = [
    env.FIRESTORE_EMULATOR_JAR,
    '/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar',
    '/usr/share/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar',
    '/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar',
    ...cachedFirebaseJars(join(homedir(), '.cache', 'firebase', 'emulators')),
  ];
  return candidates.find((path): path is string => Boolean(path && existsSync(path))) ?? null;
}

function cachedFirebaseJars(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /^cloud-firestore-emulator-v[\d.]+\.jar$/.test(name))
    .sort()
    .reverse()
    .map((name) => join(dir, name));
}

export const EMULATOR_MISSING = [
  'The Firestore emulator was not found. Install one of:',
  '  gcloud components install cloud-firestore-emulator   (or apt-get install google-cloud-cli-firestore-emulator)',
  '  npx firebase setup:emulators:firestore               (needs Java 21+ and network)',
  'or point FIRESTORE_EMULATOR_HOST at a running emulator, or FIRESTORE_EMULATOR_JAR at the jar.',
].join('\n');

export interface FirestoreEmulator {
  host: string;
  child: Child;
  stop(): Promise<void>;
}

export async function startFirestoreEmulator(port: number, host = '127.0.0.1'): Promise<FirestoreEmulator> {
  const jar = findEmulatorJar();
  if (!jar) throw new Error(EMULATOR_MISSING);
  const child = startChild('java', ['-Xmx1g', '-cp', jar, MAIN_CLASS, `--host=${host}`, `--port=${port}`]);
  child.process.once('error', () => undefined);
  const address = `${host}:${port}`;
  await waitFor(
    async () => {
      if (child.process.exitCode !== null) throw new Error(`Firestore emulator exited:\n${child.output()}`);
      const response = await fetch(`http://${address}/`);
      return response.ok;
    },
    { timeoutMs: 60_000, what: `the Firestore emulator on ${address}` },
  );
  return { host: address, child, stop: () => child.stop() };
}

/** Drops every document of one project: the emulator's own reset endpoint. */
export async function clearFirestore(host: string, projectId: string): Promise<void> {
  const response = await fetch(`http://${host}/emulator/v1/projects/${projectId}/databases/(default)/documents`, { method: 'DELETE' });
  if (!response.ok) throw new Error(`Could not clear Firestore emulator: ${response.status}`);
}
