// `npm run build:functions`: bundles the functions and the bridge with esbuild into functions/dist, the folder
// Terraform zips for Cloud Functions and the bridge image copies. @tickethub/shared is inlined; npm packages stay
// external and are installed from dist/package.json by Cloud Build.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
const external = Object.keys(pkg.dependencies).filter((name) => name !== '@tickethub/shared');
const dist = join(here, 'dist');
mkdirSync(dist, { recursive: true });

await build({
  entryPoints: { index: join(here, 'src/index.ts'), bridge: join(here, 'src/bridge/main.ts') },
  outdir: dist,
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'cjs',
  sourcemap: true,
  external,
  logLevel: 'info',
});

// Exactly the versions installed here, which the suite and the rehearsal ran, from the lockfile: a range ("^8.7.1")
// would let Cloud Build install whatever is newest on the day of the deploy.
const lock = JSON.parse(readFileSync(join(here, '..', 'package-lock.json'), 'utf8'));
const installed = (name) => {
  const entry = lock.packages[`functions/node_modules/${name}`] ?? lock.packages[`node_modules/${name}`];
  if (!entry?.version) throw new Error(`${name} is not in package-lock.json: run npm install`);
  return entry.version;
};
const dependencies = Object.fromEntries(external.map((name) => [name, installed(name)]));
writeFileSync(
  join(dist, 'package.json'),
  JSON.stringify({ name: 'tickethub-functions', private: true, main: 'index.js', engines: { node: '>=24' }, dependencies }, null, 2) + '\n',
);
console.log(`functions/dist: index.js (entry points auth, tickets, orders, payments, expiration, payouts, notifications), bridge.js, package.json`);
