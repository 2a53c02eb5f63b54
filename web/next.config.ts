import type { NextConfig } from 'next';

/** The query parameters of a search (lib/browse-query.ts) and its paging: with none of them, `/` is the cached home. */
const SEARCH_PARAMS = ['q', 'category', 'city', 'minPrice', 'maxPrice', 'from', 'to', 'sort', 'cursor', 'prev'];

const nextConfig: NextConfig = {
  // A self-contained server for the Cloud Run image.
  output: 'standalone',
  // `npm run dev` (.next/dev) and the browser tests (.next/e2e) build into their own directories, so neither disturbs
  // the production build `npm start` serves from .next.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  transpilePackages: ['@tickethub/shared'],
  poweredByHeader: false,
  // `npm run lint` at the root lints the shop with the rest of the repository (one flat config); linting again inside
  // `next build` would only repeat it, and the Docker image installs no linter.
  eslint: { ignoreDuringBuilds: true },
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
  experimental: { serverActions: { bodySizeLimit: '3mb' } },
};

export default nextConfig;
