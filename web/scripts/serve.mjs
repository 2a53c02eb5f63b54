#!/usr/bin/env node
/**
 * `npm start` runs the shop the way Cloud Run does: the standalone production server. It builds first when the
 * build is missing or older than the sources (a first start takes a build, later ones start at once).
 *
 * Why not `next dev` behind the local gateway: the gateway proxies HTTP only, and the dev client does not hydrate
 * without its HMR websocket, so pages would stay inert. `npm run dev -w web` is still there for UI work.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(WEB, '.next');
const SOURCES = ['app', 'components', 'lib', 'proxy.ts', 'next.config.ts', 'package.json', 'tsconfig.json', '../shared/src'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

function isStale() {
  const buildId = join(DIST, 'BUILD_ID');
  const server = join(DIST, 'standalone', 'web', 'server.js');
  if (!existsSync(buildId) || !existsSync(server)) return true;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.some((source) => newestMtime(join(WEB, source)) > built);
}

function run(command, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: WEB, env, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
delete env.NEXT_DIST_DIR; // the tests' private build directory is theirs only

if (isStale()) {
  console.log('Building the shop (next build); later starts reuse the build until web/ or shared/ change…');
  await run('npx', ['next', 'build', '--webpack'], { ...env, NODE_ENV: 'production' });
}
// The standalone server does not carry the browser assets: put them where it looks, as the Docker image does.
const staticTarget = join(DIST, 'standalone', 'web', '.next', 'static');
rmSync(staticTarget, { recursive: true, force: true });
cpSync(join(DIST, 'static'), staticTarget, { recursive: true });

const server = spawn(process.execPath, [join(DIST, 'standalone', 'web', 'server.js')], {
  // Loopback only: locally the gateway is the one public door (a shell's own HOSTNAME is not meant for this).
  env: { ...env, NODE_ENV: 'production', HOSTNAME: env.WEB_HOSTNAME ?? '127.0.0.1' },
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
