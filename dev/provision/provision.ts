import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { delimiter, join } from 'node:path';
import { findEmulatorJar } from '../stack/firestore-emulator';
import { REPO_ROOT } from '../stack/settings';

/**
 * What `npm start` and `npm test` need on the machine, and how to get each where it is missing: Debian's packages
 * (as root or with passwordless sudo), Homebrew on macOS, or an official release download into `.local/bin`.
 * Nothing is installed behind the developer's back: every step is printed before it runs.
 */
export interface Need {
  name: string;
  present(): boolean;
  apt?: string[];
  brew?: string[];
  /** A last resort on an online machine that has neither: fetch an official build into .local/bin. */
  download?: () => Promise<void>;
  /** The one command a person can run when nothing here could provision it. */
  manual: string;
}

export const LOCAL_BIN = join(REPO_ROOT, '.local', 'bin');
const NATS_VERSION = '2.10.29';

/** The project-local bin folder goes first on PATH, so a downloaded nats-server is found like an installed one. */
export function withLocalBin(env: NodeJS.ProcessEnv = process.env): void {
  const parts = (env.PATH ?? '').split(delimiter);
  if (!parts.includes(LOCAL_BIN)) env.PATH = [LOCAL_BIN, ...parts].join(delimiter);
}

export function commandWorks(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return !result.error && result.status === 0;
}

export const NEEDS: Record<'nats' | 'java' | 'firestore' | 'chromium', Need> = {
  nats: {
    name: 'nats-server',
    present: () => commandWorks('nats-server', ['--version']),
    apt: ['nats-server'],
    brew: ['nats-server'],
    download: downloadNatsServer,
    manual: 'sudo apt-get install -y nats-server   (macOS: brew install nats-server)',
  },
  java: {
    name: 'a Java runtime (for the Firestore emulator)',
    present: () => commandWorks('java', ['-version']),
    apt: ['openjdk-17-jre-headless'],
    brew: ['openjdk@17'],
    manual: 'sudo apt-get install -y openjdk-17-jre-headless   (macOS: brew install openjdk@17)',
  },
  firestore: {
    name: 'the official Firestore emulator',
    present: () => findEmulatorJar() !== null,
    apt: ['google-cloud-cli-firestore-emulator'],
    download: async () => {
      run('npx', ['--no-install', 'firebase', 'setup:emulators:firestore']);
    },
    manual: 'gcloud components install cloud-firestore-emulator   (or: npx firebase setup:emulators:firestore, online)',
  },
  chromium: {
    name: 'Chromium (for the browser tests)',
    present: () => existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') || commandWorks('chromium', ['--version']),
    apt: ['chromium'],
    brew: ['--cask', 'chromium'],
    manual: 'sudo apt-get install -y chromium   (or set CHROMIUM_PATH to a Chromium or Chrome binary)',
  },
};

function run(command: string, args: string[]): boolean {
  console.log(`provision: $ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return !result.error && result.status === 0;
}

/** `apt-get` as root, or through sudo when it asks for no password; null when neither is possible. */
function aptPrefix(): string[] | null {
  if (platform() !== 'linux' || !commandWorks('apt-get', ['--version'])) return null;
  if (process.getuid?.() === 0) return [];
  return commandWorks('sudo', ['-n', 'true']) ? ['sudo', '-n'] : null;
}

let aptUpdated = false;
function aptInstall(packages: string[]): boolean {
  const prefix = aptPrefix();
  if (!prefix) return false;
  const [command, ...rest] = [...prefix, 'apt-get'];
  if (!aptUpdated) {
    aptUpdated = true;
    run(command!, [...rest, 'update', '-qq']);
  }
  return run(command!, [...rest, 'install', '-y', '-qq', '--no-install-recommends', ...packages]);
}

function brewInstall(packages: string[]): boolean {
  return platform() === 'darwin' && commandWorks('brew', ['--version']) && run('brew', ['install', ...packages]);
}

async function downloadNatsServer(): Promise<void> {
  const os = platform() === 'darwin' ? 'darwin' : platform() === 'linux' ? 'linux' : null;
  const cpu = arch() === 'x64' ? 'amd64' : arch() === 'arm64' ? 'arm64' : null;
  if (!os || !cpu) throw new Error(`no official nats-server build for ${platform()}/${arch()}`);
  const name = `nats-server-v${NATS_VERSION}-${os}-${cpu}`;
  const url = `https://github.com/nats-io/nats-server/releases/download/v${NATS_VERSION}/${name}.tar.gz`;
  console.log(`provision: downloading ${url}`);
  const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  mkdirSync(LOCAL_BIN, { recursive: true });
  const archive = join(LOCAL_BIN, `${name}.tar.gz`);
  writeFileSync(archive, Buffer.from(await response.arrayBuffer()));
  if (!run('tar', ['-xzf', archive, '-C', LOCAL_BIN, '--strip-components=1', `${name}/nats-server`])) throw new Error('tar failed');
  chmodSync(join(LOCAL_BIN, 'nats-server'), 0o755);
}

/** Makes each need present, in order, or throws one message naming what to run by hand for every one still missing. */
export async function provision(needs: Need[]): Promise<void> {
  withLocalBin();
  const missing: Need[] = [];
  for (const need of needs) {
    if (need.present()) continue;
    console.log(`provision: ${need.name} is missing; installing it`);
    const installed = (need.apt && aptInstall(need.apt)) || (need.brew && brewInstall(need.brew));
    if (!installed && need.download) {
      await need.download().catch((error: unknown) => console.log(`provision: ${need.name}: ${(error as Error).message}`));
    }
    if (!need.present()) missing.push(need);
    else console.log(`provision: ${need.name} ready`);
  }
  if (missing.length > 0) {
    throw new Error(
      ['This machine lacks what TicketHub needs and it could not be installed from here. Run:', ...missing.map((need) => `  ${need.manual}`)].join('\n'),
    );
  }
}
