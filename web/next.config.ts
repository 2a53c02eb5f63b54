import type { NextConfig } from 'next';

/** The query parameters of a search (lib/browse-query.ts) and its paging: with none of them, `/` is the cached home. */
const SEARCH_PARAMS = ['q', 'category', 'city', 'minPrice', 'maxPrice', 'from', 'to', 'sort', 'cursor', 'prev'];

const nextConfig: NextConfig = {
  // A self-contained server for the Cloud Run image.
  output: 'standalone',
  // The browser tests build into .next/e2e (and `next dev` into .next/dev, Next 16's own default), so neither disturbs
  // the production build `npm start` serves from .next.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  transpilePackages: ['@tickethub/shared'],
  poweredByHeader: false,
  // `next dev` would otherwise write an AGENTS.md (its rules and upgrade notes) into web/ on every start.
  agentRules: false,
  // The home page a crowd opens is the same for everyone: served from the cache (app/home), while a search, which
  // reads its query and so renders per request, stays at `/?…` (app/page.tsx).
  async rewrites() {
    return {
      beforeFiles: [{ source: '/', missing: SEARCH_PARAMS.map((key) => ({ type: 'query' as const, key })), destination: '/home/all' }],
      afterFiles: [],
      fallback: [],
    };
  },
  // A ticket PDF (up to 2 MB) travels through the sell form's server action.
  experimental: { serverActions: { bodySizeLimit: '3mb' }, agentUpgrade: false },
  // Built with webpack (`next build --webpack`, also `next dev --webpack`): Turbopack, Next 16's default, has no plugin
  // API for the hint below, and a plain `next build` refuses this config rather than silently dropping it.
  webpack(config: { plugins: unknown[] }, { isServer, dev }: { isServer: boolean; dev: boolean }) {
    if (!isServer && !dev) config.plugins.push(new EagerCompileHint());
    return config;
  },
};

/**
 * Marks the scripts every page loads first (webpack's runtime, React DOM, the Next router: the `main-app` entry) with
 * V8's explicit compile hint (v8.dev/blog/explicit-compile-hints, Chrome 136+), so Chromium compiles their functions
 * while streaming them on a background thread instead of on the main thread the first time each is called. Most of
 * them run at hydration: on the home page at a 4× CPU slowdown, main-thread time in these files fell from
 * 0.92–1.19 s to 0.39–0.44 s (README, "The shop under a crowd"). Other browsers read a comment. Added after
 * minification, which would drop it, and before the content hash.
 */
class EagerCompileHint {
  apply(compiler: WebpackCompiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap('EagerCompileHint', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'EagerCompileHint', stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_SIZE + 1 }, () => {
        const files = compilation.entrypoints.get('main-app')?.getFiles() ?? [];
        for (const file of files.filter((name) => name.endsWith('.js')))
          compilation.updateAsset(file, (source) => new sources.ConcatSource('//# allFunctionsCalledOnLoad\n', source));
      });
    });
  }
}

// The part of webpack's API the hint uses: Next bundles webpack without its types.
interface WebpackCompiler {
  webpack: { Compilation: { PROCESS_ASSETS_STAGE_OPTIMIZE_SIZE: number }; sources: { ConcatSource: new (...parts: unknown[]) => unknown } };
  hooks: { thisCompilation: { tap(name: string, callback: (compilation: WebpackCompilation) => void): void } };
}
interface WebpackCompilation {
  entrypoints: Map<string, { getFiles(): string[] }>;
  hooks: { processAssets: { tap(options: { name: string; stage: number }, callback: () => void): void } };
  updateAsset(file: string, update: (source: unknown) => unknown): void;
}

export default nextConfig;
