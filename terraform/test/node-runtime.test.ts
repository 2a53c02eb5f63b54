import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NODE_MAJOR } from '@tickethub/dev/provision/node-runtime';
import { loadModule, nested, resourcesOf, type Block } from './hcl';

const REPO_ROOT = resolve(__dirname, '..', '..');
const DOCKERFILES = ['web/Dockerfile', ...readdirSync(join(REPO_ROOT, 'terraform', 'docker')).map((name) => `terraform/docker/${name}`)];

/** Every `FROM` image of a Dockerfile, stages named by an earlier `AS` left out. */
function baseImages(path: string): string[] {
  const stages = new Set<string>();
  const images: string[] = [];
  for (const line of readFileSync(join(REPO_ROOT, path), 'utf8').split('\n')) {
    const from = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line.trim());
    if (!from) continue;
    if (!stages.has(from[1]!)) images.push(from[1]!);
    if (from[2]) stages.add(from[2]);
  }
  return images;
}

describe(`terraform › every deployable runs on Node ${NODE_MAJOR}, the Node the suite runs on`, () => {
  it(`deploys every function on the nodejs${NODE_MAJOR} runtime`, async () => {
    const fnModule = await loadModule(join(REPO_ROOT, 'terraform', 'modules', 'function'));
    const functions = resourcesOf(fnModule, 'google_cloudfunctions2_function') as [string, Block][];
    expect(functions.length).toBeGreaterThan(0);
    for (const [, fn] of functions) expect(nested(fn, 'build_config').runtime).toBe(`nodejs${NODE_MAJOR}`);
  });

  it.each(DOCKERFILES)(`builds %s on a Node ${NODE_MAJOR} slim image pinned by digest`, (path) => {
    const images = baseImages(path);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image).toMatch(new RegExp(`^node:${NODE_MAJOR}(\\.\\d+)*-[a-z]+-slim@sha256:[a-f0-9]{64}$`));
  });

  it(`bundles the functions and the bridge for Node ${NODE_MAJOR} and declares it to Cloud Build`, () => {
    const build = readFileSync(join(REPO_ROOT, 'functions', 'build.mjs'), 'utf8');
    expect(build).toMatch(new RegExp(`target: 'node${NODE_MAJOR}'`));
    expect(build).toMatch(new RegExp(`engines: \\{ node: '>=${NODE_MAJOR}' \\}`));
    const rootPackage = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(rootPackage.devDependencies['@types/node']).toMatch(new RegExp(`^\\^${NODE_MAJOR}\\.`));
  });
});
