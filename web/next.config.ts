import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // A self-contained server for the Cloud Run image.
  output: 'standalone',
  // The browser tests build into their own directory (.next/e2e), so a developer's build or `next dev` is left alone.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  transpilePackages: ['@tickethub/shared'],
  poweredByHeader: false,
  // `npm run lint` at the root lints the shop with the rest of the repository (one flat config); linting again inside
  // `next build` would only repeat it, and the Docker image installs no linter.
  eslint: { ignoreDuringBuilds: true },
};

export default nextConfig;
