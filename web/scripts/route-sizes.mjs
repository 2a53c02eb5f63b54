#!/usr/bin/env node
/**
 * First-load JavaScript per route, from a finished `next build` (Next 16 no longer prints sizes; Next 15's figure
 * counted the page's own chunks only, while the browser also loads the chunks of the boundaries on the route: error,
 * global-error). This sums the Next runtime plus the chunks of every client component in the route's client-reference
 * manifest:
 * every script the route's HTML loads, gzip level 9 as Next measures, brotli beside it. The browser test checks the
 * list and the sum against what Chromium downloads.
 *
 *   node scripts/route-sizes.mjs [distDir] [--json]      (default: $NEXT_DIST_DIR or .next)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export function routeSizes(distDir) {
  const { rootMainFiles: shared } = JSON.parse(readFileSync(join(distDir, 'build-manifest.json'), 'utf8'));
  const sizes = new Map();
  const measure = (file) => {
    if (!sizes.has(file)) {
      const bytes = readFileSync(join(distDir, file));
      sizes.set(file, { gzip: gzipSync(bytes, { level: 9 }).length, brotli: brotliCompressSync(bytes).length });
    }
    return sizes.get(file);
  };
  const total = (files) =>
    files.reduce((sum, file) => ({ gzip: sum.gzip + measure(file).gzip, brotli: sum.brotli + measure(file).brotli }), { gzip: 0, brotli: 0 });

  const appDir = join(distDir, 'server', 'app');
  const routes = [];
  for (const manifestFile of findFiles(appDir, 'page_client-reference-manifest.js')) {
    const route = `/${relative(appDir, manifestFile).split(sep).slice(0, -1).join('/')}`;
    if (route.includes('/_')) continue; // Next's own /_not-found
    const own = [...new Set(clientChunks(manifestFile))].filter((file) => !shared.includes(file));
    routes.push({ route: route === '/' ? '/' : route.replace(/\/$/, ''), own: total(own), firstLoad: total([...shared, ...own]), files: [...shared, ...own] });
  }
  routes.sort((a, b) => a.route.localeCompare(b.route));
  return { shared: { ...total(shared), files: shared }, routes };
}

/** The JS chunks of the route's client components; stylesheets arrive as <link>, not through their module's chunks. */
function clientChunks(manifestFile) {
  globalThis.__RSC_MANIFEST = {};
  // The manifest is a script that assigns to a global: evaluate it and read it back.
  new Function(readFileSync(manifestFile, 'utf8'))();
  const { clientModules } = Object.values(globalThis.__RSC_MANIFEST)[0];
  return Object.entries(clientModules)
    .filter(([module]) => !module.endsWith('.css'))
    .flatMap(([, { chunks }]) => chunkFiles(chunks));
}

/**
 * A client module's chunk files, relative to the build directory. Turbopack lists their URLs (`/_next/static/chunks/…`);
 * webpack (`next build --webpack`) alternates chunk ids and URL-encoded file names ([id] is %5Bid%5D).
 */
export function chunkFiles(chunks) {
  if (chunks.every((chunk) => typeof chunk === 'string' && chunk.startsWith('/_next/')))
    return chunks.map((url) => decodeURIComponent(url.slice('/_next/'.length)));
  return chunks.filter((_, index) => index % 2 === 1).map(decodeURIComponent);
}

function findFiles(dir, name) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? findFiles(join(dir, entry.name), name) : entry.name === name ? [join(dir, entry.name)] : [],
  );
}

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

export function formatRouteSizes({ shared, routes }) {
  const lines = ['Route                      route JS    first load (gzip)   first load (brotli)'];
  for (const { route, own, firstLoad } of routes)
    lines.push(`${route.padEnd(26)} ${kB(own.gzip).padStart(8)}    ${kB(firstLoad.gzip).padStart(10)}          ${kB(firstLoad.brotli).padStart(10)}`);
  lines.push(`Shared by all (React, Next runtime): ${kB(shared.gzip)} gzip, ${kB(shared.brotli)} brotli`);
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const distDir = args.find((arg) => !arg.startsWith('--')) ?? process.env.NEXT_DIST_DIR ?? '.next';
  const sizes = routeSizes(resolve(process.cwd(), distDir));
  console.log(args.includes('--json') ? JSON.stringify(sizes) : formatRouteSizes(sizes));
}
