import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EMULATOR_MISSING, findEmulatorJar } from './firestore-emulator';
import { REPO_ROOT } from './settings';

/**
 * `npm run start:firebase`: the same stack with Firebase tools owning the Firestore emulator, i.e.
 * `firebase emulators:exec --only firestore "npm start"` (npm start then reuses FIRESTORE_EMULATOR_HOST).
 * firebase-tools wants Java 21+ and its own downloaded jar; offline, we hand it the installed emulator through a
 * launcher jar whose manifest names the main class the SDK component's jar lacks.
 */
const JAVA_CANDIDATES = [process.env.JAVA_HOME, '/usr/lib/jvm/temurin-25-jdk-amd64', '/usr/lib/jvm/temurin-21-jdk-amd64', '/usr/lib/jvm/java-21-openjdk-amd64'];

function javaMajor(home: string): number {
  const out = spawnSync(join(home, 'bin', 'java'), ['-version'], { encoding: 'utf8' });
  return Number(/version "(\d+)/.exec(`${out.stderr}${out.stdout}`)?.[1] ?? 0);
}

export function java21Home(): string | null {
  return JAVA_CANDIDATES.find((home): home is string => Boolean(home && existsSync(join(home, 'bin', 'java')) && javaMajor(home) >= 21)) ?? null;
}

/** A jar that only carries a manifest: Main-Class plus a Class-Path pointing at the real emulator jar. */
export function launcherJar(javaHome: string, emulatorJar: string): string {
  const dir = join(REPO_ROOT, '.local', 'firebase');
  mkdirSync(dir, { recursive: true });
  const manifest = join(dir, 'manifest.txt');
  const jar = join(dir, 'firestore-launcher.jar');
  writeFileSync(manifest, `Main-Class: com.google.cloud.datastore.emulator.firestore.CloudFirestore\nClass-Path: ${emulatorJar}\n`);
  const built = spawnSync(join(javaHome, 'bin', 'jar'), ['cfm', jar, manifest], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`could not build ${jar}: ${built.stderr}`);
  return jar;
}

function main(): void {
  const command = process.argv.slice(2).join(' ') || 'npm start';
  const javaHome = java21Home();
  if (!javaHome) {
    console.error('firebase-tools needs Java 21 or newer for its emulators: install one (e.g. openjdk-21) or set JAVA_HOME.');
    process.exit(1);
  }
  const env: NodeJS.ProcessEnv = { ...process.env, JAVA_HOME: javaHome, PATH: `${join(javaHome, 'bin')}:${process.env.PATH}` };
  const jar = findEmulatorJar();
  if (!env.FIRESTORE_EMULATOR_BINARY_PATH && jar && !jar.includes('.cache/firebase')) env.FIRESTORE_EMULATOR_BINARY_PATH = launcherJar(javaHome, jar);
  if (!jar && !env.FIRESTORE_EMULATOR_BINARY_PATH) console.warn(`${EMULATOR_MISSING}\n(firebase-tools will try to download its own.)`);
  // FIREBASE_CONFIG_PATH lets a caller (the test) use another firebase.json, e.g. with a free port.
  const config = process.env.FIREBASE_CONFIG_PATH ? ['--config', process.env.FIREBASE_CONFIG_PATH] : [];
  const child = spawn('npx', ['firebase', 'emulators:exec', ...config, '--only', 'firestore', '--project', 'demo-tickethub', command], {
    cwd: REPO_ROOT,
    env,
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 1));
}

if (require.main === module) main();
