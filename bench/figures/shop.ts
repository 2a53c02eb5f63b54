import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '@tickethub/dev/stack/settings';
import type { Figure } from '../harness';

/** Issue 32's budget: Next 16's runtime (React DOM, the router, webpack's runtime) plus at most this much of ours. */
const OURS_BUDGET_KB = 12;

/** The shop's first-load JS of the home page, from the production build (web/scripts/route-sizes.mjs). */
export const shop: Figure = {
  name: 'shop',
  async run(ctx) {
    const dist = join(REPO_ROOT, 'web', '.next');
    if (!existsSync(join(dist, 'build-manifest.json'))) {
      ctx.log('building the shop (next build, about three minutes)');
      if (spawnSync('npm', ['run', 'build', '-w', 'web'], { cwd: REPO_ROOT, stdio: 'ignore' }).status !== 0) throw new Error('next build failed');
    }
    const { routeSizes } = (await import(pathToFileURL(join(REPO_ROOT, 'web', 'scripts', 'route-sizes.mjs')).href)) as {
      routeSizes(dir: string): { shared: { gzip: number }; routes: Array<{ route: string; own: { gzip: number }; firstLoad: { gzip: number } }> };
    };
    const sizes = routeSizes(dist);
    const home = sizes.routes.find((route) => route.route === '/');
    if (!home) throw new Error('no / route in the shop build');
    const kB = (bytes: number) => Math.round(bytes / 100) / 10;
    return [
      {
        name: 'shop: home first-load JS of ours (gzip)',
        value: kB(home.own.gzip),
        unit: 'kB',
        floor: null,
        ratio: null,
        goal: `Next's runtime + ≤ ${OURS_BUDGET_KB} kB`,
        met: home.own.gzip / 1000 <= OURS_BUDGET_KB,
        note: `first load ${kB(home.firstLoad.gzip)} kB = Next's runtime and React ${kB(sizes.shared.gzip)} kB + ours ${kB(home.own.gzip)} kB`,
      },
    ];
  },
};
