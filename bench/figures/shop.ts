import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '@tickethub/dev/stack/settings';
import type { Figure } from '../harness';

const BUDGET_KB = 130;

/** The shop's first-load JS of the home page, from the production build (web/scripts/route-sizes.mjs). */
export const shop: Figure = {
  name: 'shop',
  async run(ctx) {
    const dist = join(REPO_ROOT, 'web', '.next');
    if (!existsSync(join(dist, 'build-manifest.json'))) {
      ctx.log('building the shop (next build, about a minute)');
      if (spawnSync('npm', ['run', 'build', '-w', 'web'], { cwd: REPO_ROOT, stdio: 'ignore' }).status !== 0) throw new Error('next build failed');
    }
    const { routeSizes } = (await import(pathToFileURL(join(REPO_ROOT, 'web', 'scripts', 'route-sizes.mjs')).href)) as {
      routeSizes(dir: string): { routes: Array<{ route: string; firstLoad: { gzip: number } }> };
    };
    const home = routeSizes(dist).routes.find((route) => route.route === '/');
    if (!home) throw new Error('no / route in the shop build');
    const kb = home.firstLoad.gzip / 1000;
    return [
      {
        name: 'shop: home first-load JS (gzip)',
        value: Math.round(kb * 10) / 10,
        unit: 'kB',
        floor: null,
        ratio: null,
        goal: `≤ ${BUDGET_KB} kB`,
        met: kb <= BUDGET_KB,
      },
    ];
  },
};
