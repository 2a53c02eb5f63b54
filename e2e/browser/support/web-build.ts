import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '@tickethub/dev/stack/settings';
import { waitFor } from '@tickethub/dev/stack/ports';
import { timed } from '@tickethub/dev/testing/phase-timings';

const WEB_DIR = join(REPO_ROOT, 'web');
/** Inside .next, so git and eslint ignore it; a build of its own, so a developer's .next build is never overwritten. */
const DIST_DIR = '.next/e2e';
const LOCK_DIR = join(WEB_DIR, '.next', 'e2e.lock');

/**
 * `next build` once per test run, then a private copy of the standalone server (the Cloud Run artefact), so that
 * two test runs in one checkout only ever share the build step, which a lock serialises.
 */
export async function buildShop(): Promise<string> {
  await acquireLock();
  try {
    await timed('next build', () =>
      run('npx', ['next', 'build', '--webpack'], {
        cwd: WEB_DIR,
        env: { ...process.env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      }),
    );
    const target = mkdtempSync(join(tmpdir(), 'tickethub-shop-'));
    const dist = join(WEB_DIR, DIST_DIR);
    cpSync(join(dist, 'standalone'), target, { recursive: true, verbatimSymlinks: true });
    // The standalone server does not carry the browser assets; Cloud Run's image copies them in the same way.
    cpSync(join(dist, 'static'), join(target, 'web', DIST_DIR, 'static'), { recursive: true });
    return target;
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

async function acquireLock(): Promise<void> {
  mkdirSync(join(WEB_DIR, '.next'), { recursive: true });
  await waitFor(
    async () => {
      try {
        mkdirSync(LOCK_DIR);
        writeFileSync(join(LOCK_DIR, 'pid'), String(process.pid));
        return true;
      } catch {
        // A lock left by a run that died is taken over, not waited on for ever.
        if (!ownerAlive()) rmSync(LOCK_DIR, { recursive: true, force: true });
        return false;
      }
    },
    { timeoutMs: 10 * 60_000, intervalMs: 500, what: 'the web build lock (another test run is building the shop)' },
  );
}

function ownerAlive(): boolean {
  const file = join(LOCK_DIR, 'pid');
  if (!existsSync(file)) return true; // being created right now
  const pid = Number(readFileSync(file, 'utf8'));
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${output}`))));
  });
}

export function removeShopBuild(dir: string | undefined): void {
  if (dir && dir.startsWith(tmpdir())) rmSync(dir, { recursive: true, force: true });
}

export function shopServerScript(dir: string): string {
  return join(dir, 'web', 'server.js');
}
